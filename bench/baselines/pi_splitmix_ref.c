/* pimpi's own algorithm, hand-written in C for one core: the speed-of-light
 * reference of `make bench`, built with `clang -O3 -march=native`.
 *
 * Throw i takes z = SplitMix64 output i+1 for the seed, u = (z >> 32) | 1 and
 * v = (z & 0xFFFFFFFF) | 1, and hits when u*u + v*v does not wrap past 2^64
 * (see docs/method.md). It must report exactly pimpi's hit count for the same
 * seed and throws.
 *
 * Two loops; the compiler's target picks one:
 * - with AVX-512 (F for the 512-bit operations, DQ for vpmullq), intrinsics
 *   tuned by hand: 14 vector instructions per 8 throws (the finaliser's last
 *   xor and the `| 1` merged into one vpternlogq), hits counted with popcnt of
 *   the compare's mask register, and eight independent chains of 8 lanes, each
 *   software-pipelined in three stages: an iteration tests the hits of one
 *   step, finishes the finaliser of the next and starts the one after, so the
 *   core always has independent work while a multiply runs. On an AMD Zen 5
 *   (2026-11-25) that runs at 0.44 cycles per throw, 99 % of the loop's port
 *   bound (docs/performance.md); the loop it replaced (3 chains, no pipeline,
 *   tuned on a Zen 4, where it ran 1.0 cycle per throw) took 0.55 there.
 *   Tried on the Zen 5 and slower: 1 to 4 unpipelined chains (0.55-0.57),
 *   2 stages instead of 3 (0.49-0.53), and 3, 4, 5, 6 pipelined chains
 *   (0.48, 0.46, 0.45, 0.445);
 * - otherwise a plain counted loop with no branch per throw and wrapping
 *   unsigned arithmetic, which clang vectorises for whatever the CPU has.
 *
 *     clang -O3 -march=native -fno-slp-vectorize -o pi_splitmix_ref pi_splitmix_ref.c
 *     ./pi_splitmix_ref 1e9 1234567
 *
 * -fno-slp-vectorize: without it clang merges the chains' eight popcounts
 * into vector code (vpinsrb, vpopcntb) that costs 10 % here.
 *
 * Prints one JSON line: name, loop, throws, ranks, seconds (the loop only),
 * hits, pi.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#if defined(__AVX512F__) && defined(__AVX512DQ__)
#define HAVE_AVX512_LOOP 1
#include <immintrin.h>
#define LOOP "avx512-intrinsics, 8 pipelined chains"
#else
#define LOOP "auto-vectorised"
#endif

#define GAMMA 0x9E3779B97F4A7C15ull
#define MIX1 0xBF58476D1CE4E5B9ull
#define MIX2 0x94D049BB133111EBull
#define ODD_HALVES 0x0000000100000001ull

static inline uint64_t mix(uint64_t z) {
    z = (z ^ (z >> 30)) * MIX1;
    z = (z ^ (z >> 27)) * MIX2;
    return z ^ (z >> 31);
}

/* Hits among throws first .. first+n-1, one at a time. */
static uint64_t count_hits_plain(uint64_t seed, uint64_t first, uint64_t n) {
    uint64_t hits = 0;
    for (uint64_t i = first; i < first + n; i++) {
        uint64_t w = mix(seed + (i + 1) * GAMMA) | ODD_HALVES;
        uint64_t u = w >> 32, v = w & 0xFFFFFFFFull;
        uint64_t uu = u * u;
        hits += (uu + v * v) >= uu;
    }
    return hits;
}

#ifdef HAVE_AVX512_LOOP
#define CHAINS 8

/* The three stages of 8 throws: the finaliser up to its second multiply; the
 * rest of it, with the odd halves (0xBE = (a ^ b) | c); the hit test, counted. */
static inline __m512i first_half(__m512i z, __m512i mix1) {
    z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 30)), mix1);
    return _mm512_xor_si512(z, _mm512_srli_epi64(z, 27));
}

static inline __m512i second_half(__m512i z, __m512i mix2, __m512i odd) {
    z = _mm512_mullo_epi64(z, mix2);
    return _mm512_ternarylogic_epi64(z, _mm512_srli_epi64(z, 31), odd, 0xBE);
}

static inline unsigned hits_of_8(__m512i w) {
    __m512i u = _mm512_srli_epi64(w, 32);
    __m512i uu = _mm512_mul_epu32(u, u); /* low 32 bits of each lane, squared */
    __m512i vv = _mm512_mul_epu32(w, w);
    __mmask8 hit = _mm512_cmpge_epu64_mask(_mm512_add_epi64(uu, vv), uu);
    return (unsigned)__builtin_popcount((unsigned)hit);
}

__attribute__((noinline)) static uint64_t count_hits(uint64_t seed, uint64_t n) {
    const __m512i mix1 = _mm512_set1_epi64((long long)MIX1);
    const __m512i mix2 = _mm512_set1_epi64((long long)MIX2);
    const __m512i odd = _mm512_set1_epi64((long long)ODD_HALVES);
    const __m512i lane = _mm512_mullo_epi64(_mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7),
                                            _mm512_set1_epi64((long long)GAMMA));
    const __m512i step = _mm512_set1_epi64((long long)(8ull * CHAINS * GAMMA));
    uint64_t steps = n / (8 * CHAINS);
    if (steps < 2)
        return count_hits_plain(seed, 0, n);

    /* Per chain: z the states of the next step to start, a the step before
     * after the first half, w the step before that, ready for the hit test. */
    __m512i z[CHAINS], a[CHAINS], w[CHAINS];
    for (int c = 0; c < CHAINS; c++) {
        z[c] = _mm512_add_epi64(_mm512_set1_epi64((long long)(seed + (8ull * c + 1) * GAMMA)), lane);
        w[c] = second_half(first_half(z[c], mix1), mix2, odd);
        z[c] = _mm512_add_epi64(z[c], step);
        a[c] = first_half(z[c], mix1);
        z[c] = _mm512_add_epi64(z[c], step);
    }
    uint64_t hits = 0;
    for (uint64_t s = 2; s < steps; s++) {
        for (int c = 0; c < CHAINS; c++) {
            hits += hits_of_8(w[c]);
            w[c] = second_half(a[c], mix2, odd);
            a[c] = first_half(z[c], mix1);
            z[c] = _mm512_add_epi64(z[c], step);
        }
    }
    for (int c = 0; c < CHAINS; c++)
        hits += hits_of_8(w[c]) + hits_of_8(second_half(a[c], mix2, odd));
    uint64_t done = steps * 8 * CHAINS;
    return hits + count_hits_plain(seed, done, n - done);
}
#else
__attribute__((noinline)) static uint64_t count_hits(uint64_t seed, uint64_t n) {
    return count_hits_plain(seed, 0, n);
}
#endif

int main(int argc, char **argv) {
    uint64_t n = argc > 1 ? (uint64_t)strtod(argv[1], NULL) : 1000000000ull;
    uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 1234567ull;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    uint64_t hits = count_hits(seed, n);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    printf("{\"name\": \"c-splitmix-native\", \"loop\": \"%s\", \"throws\": %llu, \"ranks\": 1, \"seconds\": %.9f, "
           "\"hits\": %llu, \"pi\": %.12f}\n",
           LOOP, (unsigned long long)n, seconds, (unsigned long long)hits, 4.0 * (double)hits / (double)n);
    return 0;
}
