// The checks are `static inline` in the header; a C target needs one source file.
#include "cpimpi_cpu.h"
