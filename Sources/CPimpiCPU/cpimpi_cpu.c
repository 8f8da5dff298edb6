// The CPU-level checks are `static inline` in the header; the affinity count is
// here because it needs _GNU_SOURCE before any system header.
#if defined(__linux__)
#define _GNU_SOURCE
#include <sched.h>
#endif
#include "cpimpi_cpu.h"

int cpimpi_affinity_cpu_count(void) {
#if defined(__linux__)
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return -1;
    return CPU_COUNT(&set);
#else
    return -1;
#endif
}
