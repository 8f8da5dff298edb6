#ifndef CPIMPI_CPU_H
#define CPIMPI_CPU_H

#include <stdint.h>

// Which x86-64 micro-architecture levels this CPU and OS support, so that pimpi
// runs the fastest kernel the machine can execute. The compiler's builtin checks
// both CPUID and that the OS saves the wider registers (XGETBV), which Swift
// cannot ask directly. Clang knows the level names from version 18 on; the
// Clang of Debian 13's Swift (6.0.3) is 17 and refuses them ("invalid cpu
// feature string"), so there the levels are checked by the features of theirs
// that it knows, which are the ones the kernels use.

static inline int cpimpi_cpu_supports_x86_64_v3(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
#if defined(__clang__) && __clang_major__ >= 18
    return __builtin_cpu_supports("x86-64-v3");
#else
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("bmi")
        && __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("popcnt") && __builtin_cpu_supports("sse4.2");
#endif
#else
    return 0;
#endif
}

static inline int cpimpi_cpu_supports_x86_64_v4(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
#if defined(__clang__) && __clang_major__ >= 18
    return __builtin_cpu_supports("x86-64-v4");
#else
    return cpimpi_cpu_supports_x86_64_v3() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq")
        && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl")
        && __builtin_cpu_supports("avx512cd");
#endif
#else
    return 0;
#endif
}

// The CPUs this process may run on (its affinity mask, as set by mpirun's
// binding, srun or taskset): bit k of words[k / 64] is CPU k, for the first
// 64 * count CPUs. Returns how many CPUs are in the mask, or -1 where the OS
// cannot say. Defined in the .c file, which needs _GNU_SOURCE for
// sched_getaffinity and CPU_ISSET.
int cpimpi_affinity_cpus(uint64_t *words, int count);

// Binds the calling thread (not the whole process) to the CPUs of words, in
// the same layout: a rank's counting threads are pinned one per core, then
// given the rank's mask back. Returns 0, or -1 where the OS refuses.
int cpimpi_bind_thread(const uint64_t *words, int count);

// Adds taken per round of cpimpi_add_chain, or 0 where this architecture has
// no chain here (its clock then stays unknown).
static inline uint64_t cpimpi_add_chain_length(void) {
#if defined(__x86_64__) || defined(__aarch64__)
    return 8;
#else
    return 0;
#endif
}

// The core's clock, counted: `rounds` rounds of dependent integer adds, each
// waiting for the one before, so they take one cycle apiece on every x86-64
// and arm64 core (their add latency), whatever the clock; the adds over the
// time they took is the clock. Inline assembly, because a compiler folds a
// chain of adds written in C or Swift into one.
static inline uint64_t cpimpi_add_chain(uint64_t rounds) {
    uint64_t sum = 0, one = 1;
    for (uint64_t round = 0; round < rounds; round++) {
#if defined(__x86_64__)
        __asm__ volatile("add %1, %0\n\tadd %1, %0\n\tadd %1, %0\n\tadd %1, %0\n\t"
                         "add %1, %0\n\tadd %1, %0\n\tadd %1, %0\n\tadd %1, %0" : "+r"(sum) : "r"(one));
#elif defined(__aarch64__)
        __asm__ volatile("add %0, %0, %1\n\tadd %0, %0, %1\n\tadd %0, %0, %1\n\tadd %0, %0, %1\n\t"
                         "add %0, %0, %1\n\tadd %0, %0, %1\n\tadd %0, %0, %1\n\tadd %0, %0, %1" : "+r"(sum) : "r"(one));
#endif
    }
    return sum;
}

#endif
