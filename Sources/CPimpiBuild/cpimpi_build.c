#include "cpimpi_build.h"

#ifndef PIMPI_BUILD_COMMIT
#define PIMPI_BUILD_COMMIT "unknown"
#endif

const char *cpimpi_build_commit(void) { return PIMPI_BUILD_COMMIT; }
