// The CPU-level checks are `static inline` in the header; the affinity mask is
// read and set here because that needs _GNU_SOURCE before any system header.
#if defined(__linux__)
#define _GNU_SOURCE
#include <sched.h>
#endif
#include "cpimpi_cpu.h"

int cpimpi_affinity_cpus(uint64_t *words, int count) {
    for (int i = 0; i < count; i++) words[i] = 0;
#if defined(__linux__)
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return -1;
    for (int cpu = 0; cpu < CPU_SETSIZE && cpu < 64 * count; cpu++) {
        if (CPU_ISSET(cpu, &set)) words[cpu / 64] |= (uint64_t)1 << (cpu % 64);
    }
    return CPU_COUNT(&set);
#else
    return -1;
#endif
}

int cpimpi_bind_thread(const uint64_t *words, int count) {
#if defined(__linux__)
    cpu_set_t set;
    CPU_ZERO(&set);
    for (int cpu = 0; cpu < CPU_SETSIZE && cpu < 64 * count; cpu++) {
        if (words[cpu / 64] & ((uint64_t)1 << (cpu % 64))) CPU_SET(cpu, &set);
    }
    // Pid 0 is the calling thread for sched_setaffinity on Linux.
    return sched_setaffinity(0, sizeof set, &set) == 0 ? 0 : -1;
#else
    (void)words;
    (void)count;
    return -1;
#endif
}
