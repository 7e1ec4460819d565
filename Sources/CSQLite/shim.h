#ifndef HTCDS_CSQLITE_SHIM_H
#define HTCDS_CSQLITE_SHIM_H

#include <sqlite3.h>

/* SQLITE_TRANSIENT is a macro of a cast Swift cannot import. */
static inline sqlite3_destructor_type htcds_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

#endif
