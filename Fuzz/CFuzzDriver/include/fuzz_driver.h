#ifndef HTCDS_FUZZ_DRIVER_H
#define HTCDS_FUZZ_DRIVER_H
#include <stddef.h>
#include <stdint.h>

/* libFuzzer's driver: reads libFuzzer's flags and calls `callback` with each
   input. libFuzzer defines it; a build with `-sanitize=fuzzer` links it. */
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
