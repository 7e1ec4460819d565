#ifndef HTCDS_CSQLITE_SHIM_H
#define HTCDS_CSQLITE_SHIM_H

#include <sqlite3.h>

/* SQLITE_TRANSIENT is a macro of a cast Swift cannot import. */
static inline sqlite3_destructor_type htcds_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

/* Turns off SQLite's memory statistics, which take a global mutex on every
   allocation; must come before SQLite initialises (later it is refused,
   which changes nothing). sqlite3_config is variadic: Swift cannot call it. */
static inline int htcds_sqlite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

#endif
