// Every wrapper is `static inline` in the header; this file exists because a C
// target needs one translation unit, and compiling the header here checks it.
#include "cmpi_shim.h"
