/* What one core of this machine can do, measured, for `make bench`: the clock
 * the core actually runs at (not the nominal or TSC rate, which a VM or turbo
 * can hide), and with AVX-512 the throughput of the 512-bit instructions
 * pimpi's kernel is made of. Cycles per throw in the bench are derived from
 * the clock measured here; hardware counters are often unavailable in VMs.
 *
 *     clang -O2 -march=native -o cpu_probe cpu_probe.c && ./cpu_probe
 *
 * Prints one JSON line: clock_ghz (null off x86-64, or when the clock's two
 * readings disagree: see core_clock), clock_check (both readings),
 * zmm_cycles_per_instruction and loop_cycles_per_8_throws (null without
 * AVX-512 or without a clock), each the median of 5 timings; "a+b" is the
 * cost per instruction of a and b interleaved, and the loop figure what the
 * kernel's instructions cost per 8 throws with their dependencies taken out.
 * With --clock, only the clock, in about 0.2 s: the bench takes it again
 * before every kernel run, as the clock moves from run to run.
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
/* The clock, read by two chains that no x86-64 core shortens. A dependent
 * 64-bit imul takes 3 cycles on every Intel core since Nehalem and every AMD
 * core since Zen; a dependent register-to-register add takes 1. (Adds of an
 * immediate do not do: Intel cores since Golden Cove fold a chain of them at
 * rename, several per cycle, and an Emerald Rapids at 2.95 GHz read 11.6.)
 * Each is the median of 5 timings. */
#define EIGHT(op) op " %1,%0\n\t" op " %1,%0\n\t" op " %1,%0\n\t" op " %1,%0\n\t" \
                  op " %1,%0\n\t" op " %1,%0\n\t" op " %1,%0\n\t" op " %1,%0"
/* GHz from `iterations` steps of 8 dependent `op`s of `latency` cycles each. */
#define DEPENDENT_CHAIN_GHZ(name, op, latency, operand)                                \
    static double name(long iterations) {                                          \
        double samples[5];                                                         \
        for (int s = 0; s < 5; s++) {                                              \
            unsigned long x = 1, y = (operand);                                    \
            double t = now();                                                      \
            for (long i = 0; i < iterations; i++)                                  \
                __asm__ volatile(EIGHT(op) : "+r"(x) : "r"(y));                     \
            samples[s] = (latency) * 8.0 * iterations / (now() - t) / 1e9;         \
        }                                                                          \
        return median5(samples);                                                   \
    }
DEPENDENT_CHAIN_GHZ(imul_chain_ghz, "imul", 3.0, 3)
DEPENDENT_CHAIN_GHZ(add_chain_ghz, "add", 1.0, 1)

/* The two readings of one moment, and the clock if they can be trusted. */
struct clock_reading {
    double imul_ghz, add_ghz;
    /* The imul chain's reading, or 0 when the two disagree by more than 10 %
     * (a core that runs one of the chains faster than its latency, or an
     * efficiency core with another imul latency) or the reading is outside
     * what any x86-64 core runs at: then nothing is converted to cycles. */
    double ghz;
};

static struct clock_reading core_clock(long iterations) {
    struct clock_reading r;
    /* Each chain's step count is scaled to its latency, so both take as long. */
    r.imul_ghz = imul_chain_ghz(iterations / 3);
    r.add_ghz = add_chain_ghz(iterations);
    double ratio = r.imul_ghz / r.add_ghz;
    int agree = ratio > 1 / 1.1 && ratio < 1.1;
    r.ghz = agree && r.imul_ghz > 0.2 && r.imul_ghz < 7.0 ? r.imul_ghz : 0;
    return r;
}

static void print_clock(struct clock_reading r) {
    if (r.ghz > 0) printf("\"clock_ghz\": %.3f", r.ghz);
    else printf("\"clock_ghz\": null");
    printf(", \"clock_check\": {\"imul_chain_ghz\": %.3f, \"add_chain_ghz\": %.3f}", r.imul_ghz, r.add_ghz);
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
 * clock read just before it: the clock can move by 5 % within seconds. (Only
 * called once the clock has been found trustworthy.) */
#define MEDIAN_CYCLES(result, body, per)                                              \
    do {                                                                              \
        double samples[5];                                                            \
        for (int s = 0; s < 5; s++) {                                                 \
            double ghz_now = imul_chain_ghz(ITERATIONS / 192);                        \
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
    int clock_only = argc > 1 && strcmp(argv[1], "--clock") == 0;
    struct clock_reading clock = core_clock(clock_only ? ITERATIONS / 8 : ITERATIONS);
    printf("{");
    print_clock(clock);
    if (clock_only) {
        printf("}\n");
        return 0;
    }
    printf(", \"zmm_cycles_per_instruction\": ");
#ifdef HAVE_AVX512
    if (clock.ghz > 0) zmm_throughputs();
    else printf("null, \"loop_cycles_per_8_throws\": null");
#else
    printf("null, \"loop_cycles_per_8_throws\": null");
#endif
    printf("}\n");
#else
    (void)argc, (void)argv;
    printf("{\"clock_ghz\": null, \"clock_check\": null, \"zmm_cycles_per_instruction\": null, "
           "\"loop_cycles_per_8_throws\": null}\n");
#endif
    return 0;
}
