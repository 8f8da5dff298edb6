/* What one core of this machine can do, measured, for `make bench`: the clock
 * the core actually runs at (not the nominal or TSC rate, which a VM or turbo
 * can hide), and with AVX-512 the throughput of the 512-bit instructions
 * pimpi's kernel is made of. Cycles per throw in the bench are derived from
 * the clock measured here; hardware counters are often unavailable in VMs.
 *
 *     clang -O2 -march=native -o cpu_probe cpu_probe.c && ./cpu_probe
 *
 * Prints one JSON line: clock_ghz (null off x86-64),
 * zmm_cycles_per_instruction and loop_cycles_per_8_throws (null without
 * AVX-512), each the median of 5 timings; "a+b" is the cost per instruction
 * of a and b interleaved, and the loop figure what the kernel's instructions
 * cost per 8 throws with their dependencies taken out. With --clock, only
 * clock_ghz, in about 0.1 s: the bench takes it again before every kernel
 * run, as the clock moves from run to run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__AVX512F__) && defined(__AVX512DQ__)
#define HAVE_AVX512 1
#endif

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median5(double v[5]) {
    qsort(v, 5, sizeof v[0], by_value);
    return v[2];
}

#define ITERATIONS 100000000L

#if defined(__x86_64__)
/* A chain of dependent 64-bit adds retires one per cycle on every x86-64
 * core, so adds per second is the clock. */
static double clock_ghz(long iterations) {
    double samples[5];
    for (int s = 0; s < 5; s++) {
        unsigned long x = 0;
        double t = now();
        for (long i = 0; i < iterations; i++)
            __asm__ volatile("add $1,%0\n\tadd $1,%0\n\tadd $1,%0\n\tadd $1,%0\n\t"
                             "add $1,%0\n\tadd $1,%0\n\tadd $1,%0\n\tadd $1,%0" : "+r"(x));
        samples[s] = 8.0 * iterations / (now() - t) / 1e9;
    }
    return median5(samples);
}
#endif

#ifdef HAVE_AVX512
/* Twelve independent registers, so latency is hidden and only throughput
 * counts: cycles per instruction at the measured clock. */
#define TWELVE(op) op "%%zmm0\n" op "%%zmm1\n" op "%%zmm2\n" op "%%zmm3\n" op "%%zmm4\n" op "%%zmm5\n" \
                   op "%%zmm6\n" op "%%zmm7\n" op "%%zmm8\n" op "%%zmm9\n" op "%%zmm10\n" op "%%zmm11\n"
#define ZMM_CLOBBERS "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", \
                     "xmm11", "k1", "k2", "k3", "k4", "k5", "k6"
/* Cycles per `per` of body (12 instructions, or 3 sets of the loop's 14), the
 * median of 5 timings, into `result`. Each timing is turned into cycles at a
 * clock read just before it: the clock can move by 5 % within seconds. */
#define MEDIAN_CYCLES(result, body, per)                                              \
    do {                                                                              \
        double samples[5];                                                            \
        for (int s = 0; s < 5; s++) {                                                 \
            double ghz_now = clock_ghz(ITERATIONS / 64);                              \
            double t = now();                                                         \
            for (long i = 0; i < ITERATIONS / 4; i++)                                 \
                __asm__ volatile(body ::: ZMM_CLOBBERS);                              \
            samples[s] = (now() - t) * ghz_now * 1e9 / ((per) * (ITERATIONS / 4));    \
        }                                                                             \
        result = median5(samples);                                                    \
    } while (0)
#define THROUGHPUT(name, body)                                                        \
    do {                                                                              \
        double cycles;                                                                \
        MEDIAN_CYCLES(cycles, body, 12.0);                                            \
        printf("%s\"%s\": %.3f", first ? "" : ", ", name, cycles);                     \
        first = 0;                                                                    \
    } while (0)

/* Two instructions interleaved, six of each: if they run on the same pipes,
 * each still costs what it costs alone; on different pipes, half as much. That
 * is how the bench tells which of the loop's instructions compete. */
#define ALTERNATE(a, b) a "%%zmm0\n" b "%%zmm1\n" a "%%zmm2\n" b "%%zmm3\n" a "%%zmm4\n" b "%%zmm5\n" \
                        a "%%zmm6\n" b "%%zmm7\n" a "%%zmm8\n" b "%%zmm9\n" a "%%zmm10\n" b "%%zmm11\n"

/* The compare writes a mask register: six of them, twice. */
#define TWELVE_MASKS(op) op "%%k1\n" op "%%k2\n" op "%%k3\n" op "%%k4\n" op "%%k5\n" op "%%k6\n" \
                         op "%%k1\n" op "%%k2\n" op "%%k3\n" op "%%k4\n" op "%%k5\n" op "%%k6\n"

/* The kernel's 14 vector instructions for 8 throws (the v4 loops' and the C
 * reference's alike), with the dependencies between them taken out: what
 * the pipes alone allow, to check the bound derived from the figures above. */
#define LOOP_SET(a, b, c, k)                                                          \
    "vpsrlq $30,%%zmm12," a "\n vpxorq %%zmm12,%%zmm13," b "\n vpmullq %%zmm12,%%zmm13," c "\n" \
    "vpsrlq $27,%%zmm12," a "\n vpxorq %%zmm12,%%zmm13," b "\n vpmullq %%zmm12,%%zmm13," c "\n" \
    "vpsrlq $31,%%zmm12," a "\n vpternlogq $0xBE,%%zmm12,%%zmm13," b "\n vpsrlq $32,%%zmm12," c "\n" \
    "vpmuludq %%zmm12,%%zmm13," a "\n vpmuludq %%zmm12,%%zmm13," b "\n"                        \
    "vpternlogq $0x0F,%%zmm12,%%zmm13," c "\n vpcmpnltuq %%zmm12,%%zmm13," k "\n"              \
    "vpaddq %%zmm12,%%zmm13," a "\n"

static void zmm_throughputs(void) {
    int first = 1;
    printf("{");
    THROUGHPUT("vpmullq", TWELVE("vpmullq %%zmm12,%%zmm12,"));
    THROUGHPUT("vpmuludq", TWELVE("vpmuludq %%zmm12,%%zmm12,"));
    THROUGHPUT("vpsrlq", TWELVE("vpsrlq $3,%%zmm12,"));
    THROUGHPUT("vpxorq", TWELVE("vpxorq %%zmm12,%%zmm13,"));
    THROUGHPUT("vpternlogq", TWELVE("vpternlogq $0xBE,%%zmm12,%%zmm13,"));
    THROUGHPUT("vpcmpuq", TWELVE_MASKS("vpcmpnltuq %%zmm12,%%zmm13,"));
    THROUGHPUT("vpmullq+vpmuludq", ALTERNATE("vpmullq %%zmm12,%%zmm12,", "vpmuludq %%zmm12,%%zmm12,"));
    THROUGHPUT("vpmullq+vpsrlq", ALTERNATE("vpmullq %%zmm12,%%zmm12,", "vpsrlq $3,%%zmm12,"));
    double loop;
    MEDIAN_CYCLES(loop, LOOP_SET("%%zmm0", "%%zmm1", "%%zmm2", "%%k1") LOOP_SET("%%zmm3", "%%zmm4", "%%zmm5", "%%k2")
                            LOOP_SET("%%zmm6", "%%zmm7", "%%zmm8", "%%k3"), 3.0);
    printf("}, \"loop_cycles_per_8_throws\": %.3f", loop);
}
#endif

int main(int argc, char **argv) {
#if defined(__x86_64__)
    if (argc > 1 && strcmp(argv[1], "--clock") == 0) {
        printf("{\"clock_ghz\": %.3f}\n", clock_ghz(ITERATIONS / 8));
        return 0;
    }
    double ghz = clock_ghz(ITERATIONS);
    printf("{\"clock_ghz\": %.3f, \"zmm_cycles_per_instruction\": ", ghz);
#ifdef HAVE_AVX512
    zmm_throughputs();
#else
    printf("null, \"loop_cycles_per_8_throws\": null");
#endif
    printf("}\n");
#else
    (void)argc, (void)argv;
    printf("{\"clock_ghz\": null, \"zmm_cycles_per_instruction\": null, \"loop_cycles_per_8_throws\": null}\n");
#endif
    return 0;
}
