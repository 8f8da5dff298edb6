/* What one core of this machine can do, measured, for `make bench`: the clock
 * the core actually runs at (not the nominal or TSC rate, which a VM or turbo
 * can hide), and for each x86-64 level this build's target has (SSE2, AVX2,
 * AVX-512) the throughput of the instructions pimpi's kernel is made of at
 * that level. Cycles per throw in the bench are derived from the clock
 * measured here; hardware counters are often unavailable in VMs.
 *
 *     clang -O2 -march=native -o cpu_probe cpu_probe.c && ./cpu_probe
 *
 * Prints one JSON line: clock_ghz (null off x86-64, or when the clock's two
 * readings disagree: see core_clock), clock_check (both readings), and
 * levels (null without a clock): for "baseline", "x86-64-v3" and "x86-64-v4",
 * those the target has, the register family, throws_per_loop (the throws one
 * set of the level's loop counts), cycles_per_instruction and loop_cycles
 * (that set's instructions with their dependencies taken out), each the
 * median of 5 timings; "a+b" is the cost per instruction of a and b
 * interleaved. With --clock, only the clock, in about 0.2 s: the bench takes
 * it again before every kernel run, as the clock moves from run to run.
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

#if defined(__x86_64__)
/* Twelve independent registers, so latency is hidden and only throughput
 * counts: cycles per instruction at the measured clock. R is the register
 * family (zmm, ymm, xmm), so one set of macros times every level. With the
 * two-operand SSE2 forms each register is one chain, but twelve of them are
 * more than a 3-cycle multiply at 2 per cycle keeps busy. */
#define TWELVE(op, R) op "%%" R "0\n" op "%%" R "1\n" op "%%" R "2\n" op "%%" R "3\n" op "%%" R "4\n" \
                      op "%%" R "5\n" op "%%" R "6\n" op "%%" R "7\n" op "%%" R "8\n" op "%%" R "9\n"  \
                      op "%%" R "10\n" op "%%" R "11\n"
#ifdef HAVE_AVX512
#define VECTOR_CLOBBERS "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", \
                        "xmm11", "k1", "k2", "k3", "k4", "k5", "k6"
#else
#define VECTOR_CLOBBERS "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", \
                        "xmm11"
#endif
/* Cycles per `per` of body (12 instructions, or 3 sets of a loop's), the
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
                __asm__ volatile(body ::: VECTOR_CLOBBERS);                           \
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
#define ALTERNATE(a, b, R) a "%%" R "0\n" b "%%" R "1\n" a "%%" R "2\n" b "%%" R "3\n" a "%%" R "4\n"      \
                           b "%%" R "5\n" a "%%" R "6\n" b "%%" R "7\n" a "%%" R "8\n" b "%%" R "9\n"      \
                           a "%%" R "10\n" b "%%" R "11\n"

/* A level's timings as one JSON object: the register family, how many throws
 * one set of the loop counts, each instruction's cycles, and the loop's
 * instructions timed with their dependencies taken out (`sets` sets, on
 * registers of their own), per set. */
#define LEVEL(name, R, throws, instructions, sets, loop_body)                         \
    do {                                                                              \
        int first = 1;                                                                \
        double loop;                                                                  \
        printf("\"%s\": {\"register\": \"" R "\", \"throws_per_loop\": %d, "          \
               "\"cycles_per_instruction\": {", name, throws);                       \
        instructions;                                                                 \
        MEDIAN_CYCLES(loop, loop_body, (double)(sets));                               \
        printf("}, \"loop_cycles\": %.3f}", loop);                                    \
    } while (0)
#endif

#ifdef HAVE_AVX512
/* The compare writes a mask register: six of them, twice. */
#define TWELVE_MASKS(op) op "%%k1\n" op "%%k2\n" op "%%k3\n" op "%%k4\n" op "%%k5\n" op "%%k6\n" \
                         op "%%k1\n" op "%%k2\n" op "%%k3\n" op "%%k4\n" op "%%k5\n" op "%%k6\n"

/* The v4 kernel's 14 vector instructions for 8 throws (the v4 loops' and the
 * C reference's alike). */
#define V4_LOOP(a, b, c, k)                                                           \
    "vpsrlq $30,%%zmm12," a "\n vpxorq %%zmm12,%%zmm13," b "\n vpmullq %%zmm12,%%zmm13," c "\n" \
    "vpsrlq $27,%%zmm12," a "\n vpxorq %%zmm12,%%zmm13," b "\n vpmullq %%zmm12,%%zmm13," c "\n" \
    "vpsrlq $31,%%zmm12," a "\n vpternlogq $0xBE,%%zmm12,%%zmm13," b "\n vpsrlq $32,%%zmm12," c "\n" \
    "vpmuludq %%zmm12,%%zmm13," a "\n vpmuludq %%zmm12,%%zmm13," b "\n"                        \
    "vpternlogq $0x0F,%%zmm12,%%zmm13," c "\n vpcmpnltuq %%zmm12,%%zmm13," k "\n"              \
    "vpaddq %%zmm12,%%zmm13," a "\n"

static void v4_timings(void) {
    LEVEL("x86-64-v4", "zmm", 8, ({
              THROUGHPUT("vpmullq", TWELVE("vpmullq %%zmm12,%%zmm12,", "zmm"));
              THROUGHPUT("vpmuludq", TWELVE("vpmuludq %%zmm12,%%zmm12,", "zmm"));
              THROUGHPUT("vpsrlq", TWELVE("vpsrlq $3,%%zmm12,", "zmm"));
              THROUGHPUT("vpxorq", TWELVE("vpxorq %%zmm12,%%zmm13,", "zmm"));
              THROUGHPUT("vpternlogq", TWELVE("vpternlogq $0xBE,%%zmm12,%%zmm13,", "zmm"));
              THROUGHPUT("vpcmpuq", TWELVE_MASKS("vpcmpnltuq %%zmm12,%%zmm13,"));
              THROUGHPUT("vpmullq+vpmuludq",
                         ALTERNATE("vpmullq %%zmm12,%%zmm12,", "vpmuludq %%zmm12,%%zmm12,", "zmm"));
              THROUGHPUT("vpmullq+vpsrlq", ALTERNATE("vpmullq %%zmm12,%%zmm12,", "vpsrlq $3,%%zmm12,", "zmm"));
          }),
          3, V4_LOOP("%%zmm0", "%%zmm1", "%%zmm2", "%%k1") V4_LOOP("%%zmm3", "%%zmm4", "%%zmm5", "%%k2")
              V4_LOOP("%%zmm6", "%%zmm7", "%%zmm8", "%%k3"));
}
#endif

#if defined(__AVX2__)
/* The v3 kernel's vector instructions for 4 throws, as the loops of both
 * pimpi's x86-64-v3 build and the C reference's AVX2 loop are made. AVX2 has
 * no 64-bit multiply: each of the finaliser's two is three vpmuludq (low
 * halves, and each high half by the other low half) with a shift down of the
 * high half, a shift up of the cross terms and two adds. Then u = w >> 32
 * and the squares u², v² (vpmuludq reads the low halves only); the hit test
 * "u² + v² does not wrap" is v² <= ~u², a signed vpcmpgtq after flipping
 * the sign bits (two xors); a vpaddq tallies it. 8 vpmuludq, 8 shifts and 13
 * others: 29 in all. */
#define V3_MUL(a, b, c)                                                                      \
    "vpsrlq $32,%%ymm12," a "\n vpmuludq %%ymm12,%%ymm13," b "\n vpmuludq %%ymm12,%%ymm13," c "\n" \
    "vpmuludq %%ymm12,%%ymm13," a "\n vpaddq %%ymm12,%%ymm13," b "\n vpsllq $32,%%ymm12," c "\n"   \
    "vpaddq %%ymm12,%%ymm13," a "\n"
#define V3_LOOP(a, b, c)                                                                     \
    "vpaddq %%ymm12,%%ymm13," a "\n vpsrlq $30,%%ymm12," b "\n vpxor %%ymm12,%%ymm13," c "\n"      \
    V3_MUL(a, b, c)                                                                          \
    "vpsrlq $27,%%ymm12," b "\n vpxor %%ymm12,%%ymm13," c "\n"                                \
    V3_MUL(a, b, c)                                                                          \
    "vpsrlq $31,%%ymm12," b "\n vpxor %%ymm12,%%ymm13," c "\n vpor %%ymm12,%%ymm13," a "\n"        \
    "vpsrlq $32,%%ymm12," b "\n vpmuludq %%ymm12,%%ymm13," c "\n vpmuludq %%ymm12,%%ymm13," a "\n" \
    "vpxor %%ymm12,%%ymm13," b "\n vpxor %%ymm12,%%ymm13," c "\n vpcmpgtq %%ymm12,%%ymm13," a "\n" \
    "vpaddq %%ymm12,%%ymm13," b "\n"

static void v3_timings(void) {
    LEVEL("x86-64-v3", "ymm", 4, ({
              THROUGHPUT("vpmuludq", TWELVE("vpmuludq %%ymm12,%%ymm12,", "ymm"));
              THROUGHPUT("vpsrlq", TWELVE("vpsrlq $3,%%ymm12,", "ymm"));
              THROUGHPUT("vpxor", TWELVE("vpxor %%ymm12,%%ymm13,", "ymm"));
              THROUGHPUT("vpaddq", TWELVE("vpaddq %%ymm12,%%ymm13,", "ymm"));
              THROUGHPUT("vpcmpgtq", TWELVE("vpcmpgtq %%ymm12,%%ymm13,", "ymm"));
              THROUGHPUT("vpshufd", TWELVE("vpshufd $0xF5,%%ymm12,", "ymm"));
              THROUGHPUT("vpmuludq+vpsrlq",
                         ALTERNATE("vpmuludq %%ymm12,%%ymm12,", "vpsrlq $3,%%ymm12,", "ymm"));
              THROUGHPUT("vpmuludq+vpshufd",
                         ALTERNATE("vpmuludq %%ymm12,%%ymm12,", "vpshufd $0xF5,%%ymm12,", "ymm"));
          }),
          3, V3_LOOP("%%ymm0", "%%ymm1", "%%ymm2") V3_LOOP("%%ymm3", "%%ymm4", "%%ymm5")
              V3_LOOP("%%ymm6", "%%ymm7", "%%ymm8"));
}
#endif

#if defined(__x86_64__)
/* The baseline kernel's instructions for 2 throws: the v3 arithmetic in SSE2,
 * whose two-operand forms each read the register they write (the loop's
 * register copies, which cores since Ivy Bridge and Zen drop at rename, are
 * left out, so this stays a lower bound). SSE2 has no 64-bit compare: the hit
 * test's signed 64-bit compare is made of 32-bit ones (two xors, pcmpgtd,
 * pcmpeqd, three pshufd, pand, por), then a paddq: 8 pmuludq, 8 shifts and
 * 19 others, 35 in all. */
#define SSE2_MUL(a, b, c, d, e, f)                                                           \
    "psrlq $32," a "\n pmuludq %%xmm12," b "\n pmuludq %%xmm12," c "\n"                     \
    "pmuludq %%xmm12," d "\n paddq %%xmm12," e "\n psllq $32," f "\n paddq %%xmm12," a "\n"
/* Six registers per set, each written about six times: two sets on twelve
 * registers keep each register's chain shorter than the sets' own time. */
#define SSE2_LOOP(a, b, c, d, e, f)                                                         \
    "paddq %%xmm12," a "\n psrlq $30," b "\n pxor %%xmm12," c "\n"                          \
    SSE2_MUL(d, e, f, a, b, c)                                                              \
    "psrlq $27," d "\n pxor %%xmm12," e "\n"                                                \
    SSE2_MUL(f, a, b, c, d, e)                                                              \
    "psrlq $31," f "\n pxor %%xmm12," a "\n por %%xmm12," b "\n"                            \
    "psrlq $32," c "\n pmuludq %%xmm12," d "\n pmuludq %%xmm12," e "\n"                     \
    "pxor %%xmm12," f "\n pxor %%xmm12," a "\n pcmpgtd %%xmm12," b "\n pcmpeqd %%xmm12," c "\n" \
    "pshufd $0xF5,%%xmm12," d "\n pshufd $0xF5,%%xmm12," e "\n pshufd $0xA0,%%xmm12," f "\n"    \
    "pand %%xmm12," a "\n por %%xmm12," b "\n paddq %%xmm12," c "\n"

static void baseline_timings(void) {
    LEVEL("baseline", "xmm", 2, ({
              THROUGHPUT("pmuludq", TWELVE("pmuludq %%xmm12,", "xmm"));
              THROUGHPUT("psrlq", TWELVE("psrlq $3,", "xmm"));
              THROUGHPUT("pxor", TWELVE("pxor %%xmm12,", "xmm"));
              THROUGHPUT("pshufd", TWELVE("pshufd $0xF5,%%xmm12,", "xmm"));
              THROUGHPUT("pmuludq+psrlq", ALTERNATE("pmuludq %%xmm12,", "psrlq $3,", "xmm"));
              THROUGHPUT("pmuludq+pshufd", ALTERNATE("pmuludq %%xmm12,", "pshufd $0xF5,%%xmm12,", "xmm"));
          }),
          2, SSE2_LOOP("%%xmm0", "%%xmm1", "%%xmm2", "%%xmm3", "%%xmm4", "%%xmm5")
                 SSE2_LOOP("%%xmm6", "%%xmm7", "%%xmm8", "%%xmm9", "%%xmm10", "%%xmm11"));
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
    /* Every level this build's target has, slowest first; none without a clock. */
    printf(", \"levels\": ");
    if (clock.ghz > 0) {
        printf("{");
        baseline_timings();
#if defined(__AVX2__)
        printf(", ");
        v3_timings();
#endif
#ifdef HAVE_AVX512
        printf(", ");
        v4_timings();
#endif
        printf("}");
    } else {
        printf("null");
    }
    printf("}\n");
#else
    (void)argc, (void)argv;
    printf("{\"clock_ghz\": null, \"clock_check\": null, \"levels\": null}\n");
#endif
    return 0;
}
