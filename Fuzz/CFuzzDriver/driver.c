/* The declaration only (include/fuzz_driver.h): libFuzzer defines the function. */
#include "fuzz_driver.h"
