#ifndef CPIMPI_CPU_H
#define CPIMPI_CPU_H

// Which x86-64 micro-architecture levels this CPU and OS support, so that pimpi
// runs the fastest kernel the machine can execute. The compiler's builtin checks
// both CPUID and that the OS saves the wider registers (XGETBV), which Swift
// cannot ask directly.

static inline int cpimpi_cpu_supports_x86_64_v3(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("x86-64-v3");
#else
    return 0;
#endif
}

static inline int cpimpi_cpu_supports_x86_64_v4(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("x86-64-v4");
#else
    return 0;
#endif
}

// How many CPUs this process may run on (its affinity mask, as set by mpirun's
// binding, srun or taskset), or -1 where the OS cannot say. Defined in the .c
// file, which needs _GNU_SOURCE for sched_getaffinity and CPU_COUNT.
int cpimpi_affinity_cpu_count(void);

#endif
