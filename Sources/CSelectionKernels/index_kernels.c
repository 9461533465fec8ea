// Kernels for building the selection index (`SelectionIndex.init`, `IndexBuilder`): word
// lookups, term counts and word-vector sums for a whole run of words at once.
#include "selection_kernels.h"
#include "word_hash.h"
#include <string.h>

// No fused multiply-add: results must not depend on the instruction set.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

long tw_find_words(const unsigned char *bytes, const long *ends, long count, const int32_t *slots, long mask,
                   const uint64_t *hashes, const int32_t *key_start, const unsigned char *keys, int32_t *entries) {
    long misses = 0;
    long start = 0;
    for (long i = 0; i < count; i++) {
        long end = ends[i];
        long length = end - start;
        const unsigned char *word = bytes + start;
        uint64_t hash = tw_word_hash(word, length);
        long at = (long)(hash ^ (hash >> 32)) & mask;
        int32_t found = -1;
        for (;;) {
            int32_t entry = slots[at] - 1;
            if (entry < 0) break;
            if (hashes[entry] == hash && key_start[entry + 1] - key_start[entry] == length &&
                tw_word_equal(keys + key_start[entry], word, length)) {
                found = entry;
                break;
            }
            at = (at + 1) & mask;
        }
        entries[i] = found;
        if (found < 0) misses++;
        start = end;
    }
    return misses;
}

long tw_count_terms(const int32_t *entries, long count, const int32_t *term_start, const int32_t *terms,
                    int32_t *slot, long *order, double *counts, long used, double weight) {
    // Without a branch on "seen before" (half the words of a tool repeat a term, in no
    // pattern the CPU could predict): the term's position is its slot or the next free one,
    // and `order[used]` is written either way (it is only kept when `used` moves past it).
    for (long i = 0; i < count; i++) {
        int32_t entry = entries[i];
        for (int32_t t = term_start[entry]; t < term_start[entry + 1]; t++) {
            int32_t id = terms[t];
            int32_t at = slot[id];
            long fresh = at < 0;
            long position = fresh ? used : at;
            double sum = counts[position] + weight;
            // `fresh ? weight : sum` on the bits (a conditional here compiles to a branch).
            uint64_t sum_bits, weight_bits, keep = (uint64_t)0 - (uint64_t)fresh;
            memcpy(&sum_bits, &sum, 8);
            memcpy(&weight_bits, &weight, 8);
            uint64_t bits = (weight_bits & keep) | (sum_bits & ~keep);
            memcpy(&counts[position], &bits, 8);
            slot[id] = (int32_t)position;
            order[used] = id;
            used += fresh;
        }
    }
    return used;
}

typedef float v16f __attribute__((vector_size(64), aligned(4)));
typedef signed char v16c __attribute__((vector_size(16), aligned(1)));

// `sum[d] = sum[d] + scales[row] * (float)rows[row][d]` for each piece of each entry, in order:
// the additions of `tw_accumulate` called piece by piece (one multiply, one add per element,
// never fused), with the 128-float sum held in registers and the next rows prefetched.
#define TW_ACCUMULATE_ENTRIES_BODY                                                                \
    long added = 0;                                                                               \
    /* The rows (and their scales) are scattered over the table: ask for all of them before  */   \
    /* the first is used. */                                                                      \
    for (long i = 0; i < count; i++) {                                                            \
        int32_t entry = entries[i];                                                               \
        for (int32_t p = piece_start[entry]; p < piece_start[entry + 1]; p++) {                   \
            const signed char *r = rows + (long)pieces[p] * dimension;                            \
            __builtin_prefetch(r);                                                                \
            __builtin_prefetch(r + dimension - 1);                                                \
            __builtin_prefetch(scales + pieces[p]);                                               \
        }                                                                                         \
    }                                                                                             \
    if (dimension == 128) {                                                                       \
        v16f *s = (v16f *)sum;                                                                    \
        v16f a0 = s[0], a1 = s[1], a2 = s[2], a3 = s[3], a4 = s[4], a5 = s[5], a6 = s[6], a7 = s[7]; \
        for (long i = 0; i < count; i++) {                                                        \
            int32_t entry = entries[i];                                                           \
            for (int32_t p = piece_start[entry]; p < piece_start[entry + 1]; p++) {               \
                int32_t id = pieces[p];                                                           \
                const v16c *r = (const v16c *)(rows + (long)id * 128);                            \
                float f = scales[id];                                                             \
                a0 = a0 + f * __builtin_convertvector(r[0], v16f);                                \
                a1 = a1 + f * __builtin_convertvector(r[1], v16f);                                \
                a2 = a2 + f * __builtin_convertvector(r[2], v16f);                                \
                a3 = a3 + f * __builtin_convertvector(r[3], v16f);                                \
                a4 = a4 + f * __builtin_convertvector(r[4], v16f);                                \
                a5 = a5 + f * __builtin_convertvector(r[5], v16f);                                \
                a6 = a6 + f * __builtin_convertvector(r[6], v16f);                                \
                a7 = a7 + f * __builtin_convertvector(r[7], v16f);                                \
                added++;                                                                          \
            }                                                                                     \
        }                                                                                         \
        s[0] = a0, s[1] = a1, s[2] = a2, s[3] = a3, s[4] = a4, s[5] = a5, s[6] = a6, s[7] = a7;   \
        return added;                                                                             \
    }                                                                                             \
    for (long i = 0; i < count; i++) {                                                            \
        int32_t entry = entries[i];                                                               \
        for (int32_t p = piece_start[entry]; p < piece_start[entry + 1]; p++) {                   \
            int32_t id = pieces[p];                                                               \
            const signed char *r = rows + (long)id * dimension;                                   \
            float f = scales[id];                                                                 \
            for (long d = 0; d < dimension; d++) {                                                \
                float value = f * (float)r[d];                                                    \
                sum[d] = sum[d] + value;                                                          \
            }                                                                                     \
            added++;                                                                              \
        }                                                                                         \
    }                                                                                             \
    return added;

#define TW_ACCUMULATE_ENTRIES_PARAMS                                                              \
    const signed char *rows, const float *scales, long dimension, const int32_t *entries, long count, \
        const int32_t *piece_start, const int32_t *pieces, float *sum

static long accumulate_entries_baseline(TW_ACCUMULATE_ENTRIES_PARAMS) { TW_ACCUMULATE_ENTRIES_BODY }

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2"))) static long accumulate_entries_avx2(TW_ACCUMULATE_ENTRIES_PARAMS) {
    TW_ACCUMULATE_ENTRIES_BODY
}

__attribute__((target("avx512f"))) static long accumulate_entries_avx512(TW_ACCUMULATE_ENTRIES_PARAMS) {
    TW_ACCUMULATE_ENTRIES_BODY
}
#endif

long tw_accumulate_entries(const void *rows, const float *scales, long dimension, const int32_t *entries, long count,
                           const int32_t *piece_start, const int32_t *pieces, float *sum) {
    const signed char *r = (const signed char *)rows;
#if defined(__x86_64__) || defined(__i386__)
    if (__builtin_cpu_supports("avx512f"))
        return accumulate_entries_avx512(r, scales, dimension, entries, count, piece_start, pieces, sum);
    if (__builtin_cpu_supports("avx2"))
        return accumulate_entries_avx2(r, scales, dimension, entries, count, piece_start, pieces, sum);
#endif
    return accumulate_entries_baseline(r, scales, dimension, entries, count, piece_start, pieces, sum);
}

