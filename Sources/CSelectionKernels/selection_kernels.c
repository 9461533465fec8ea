#include "selection_kernels.h"

#include <math.h>
#include <string.h>

// No implicit fused multiply-add: results must not depend on the instruction set. (The dot
// products fuse explicitly, in one order on every path.)
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

// The dot products: per tool four partial sums, dimension `d` fused-multiply-added into sum
// `d % 4` in ascending `d` from +0, then `(s0 + s1) + (s2 + s3)`. Every path below does exactly
// that per tool (a fused multiply-add rounds once, whatever instruction or library call does
// it), so the results do not depend on the instruction set. Lane `l` of every vector is tool
// `block * 16 + l`; the lanes never mix.
static void dots_baseline(const float *v, const float *blocked, long blocks, long dimension, float *out) {
    for (long block = 0; block < blocks; block++) {
        const float *t = blocked + block * dimension * 16;
        for (long lane = 0; lane < 16; lane++) {
            float s[4] = {0.0f, 0.0f, 0.0f, 0.0f};
            for (long d = 0; d < dimension; d++) s[d & 3] = fmaf(t[d * 16 + lane], v[d], s[d & 3]);
            out[block * 16 + lane] = (s[0] + s[1]) + (s[2] + s[3]);
        }
    }
}

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

__attribute__((target("avx2,fma")))
static void dots_avx2(const float *v, const float *blocked, long blocks, long dimension, float *out) {
    for (long block = 0; block < blocks; block++) {
        const float *t = blocked + block * dimension * 16;
        __m256 lo[4], hi[4];
        for (int j = 0; j < 4; j++) lo[j] = hi[j] = _mm256_setzero_ps();
        for (long d = 0; d < dimension; d++) {
            __m256 value = _mm256_set1_ps(v[d]);
            lo[d & 3] = _mm256_fmadd_ps(_mm256_loadu_ps(t + d * 16), value, lo[d & 3]);
            hi[d & 3] = _mm256_fmadd_ps(_mm256_loadu_ps(t + d * 16 + 8), value, hi[d & 3]);
        }
        _mm256_storeu_ps(out + block * 16, _mm256_add_ps(_mm256_add_ps(lo[0], lo[1]), _mm256_add_ps(lo[2], lo[3])));
        _mm256_storeu_ps(out + block * 16 + 8, _mm256_add_ps(_mm256_add_ps(hi[0], hi[1]), _mm256_add_ps(hi[2], hi[3])));
    }
}

__attribute__((target("avx512f")))
static void dots_avx512(const float *v, const float *blocked, long blocks, long dimension, float *out) {
    for (long block = 0; block < blocks; block++) {
        const float *t = blocked + block * dimension * 16;
        __m512 s[4];
        for (int j = 0; j < 4; j++) s[j] = _mm512_setzero_ps();
        for (long d = 0; d < dimension; d++) {
            s[d & 3] = _mm512_fmadd_ps(_mm512_loadu_ps(t + d * 16), _mm512_set1_ps(v[d]), s[d & 3]);
        }
        _mm512_storeu_ps(out + block * 16, _mm512_add_ps(_mm512_add_ps(s[0], s[1]), _mm512_add_ps(s[2], s[3])));
    }
}

// Four prompts per pass: each row of the table is loaded once for the four (16 sums in
// registers); per prompt and tool the arithmetic is that of a single pass.
__attribute__((target("avx512f")))
static void dots4_avx512(const float *v0, const float *v1, const float *v2, const float *v3, const float *blocked, long blocks, long dimension, float *out0, float *out1, float *out2, float *out3) {
    const float *v[4] = {v0, v1, v2, v3};
    float *out[4] = {out0, out1, out2, out3};
    for (long block = 0; block < blocks; block++) {
        const float *t = blocked + block * dimension * 16;
        __m512 s[4][4];
        for (int k = 0; k < 4; k++)
            for (int j = 0; j < 4; j++) s[k][j] = _mm512_setzero_ps();
        long d = 0;
        for (; d + 4 <= dimension; d += 4) {
            for (int j = 0; j < 4; j++) {
                __m512 row = _mm512_loadu_ps(t + (d + j) * 16);
                for (int k = 0; k < 4; k++) s[k][j] = _mm512_fmadd_ps(row, _mm512_set1_ps(v[k][d + j]), s[k][j]);
            }
        }
        for (int j = 0; d < dimension; d++, j++) {
            __m512 row = _mm512_loadu_ps(t + d * 16);
            for (int k = 0; k < 4; k++) s[k][j] = _mm512_fmadd_ps(row, _mm512_set1_ps(v[k][d]), s[k][j]);
        }
        for (int k = 0; k < 4; k++) {
            __m512 sum = _mm512_add_ps(_mm512_add_ps(s[k][0], s[k][1]), _mm512_add_ps(s[k][2], s[k][3]));
            _mm512_storeu_ps(out[k] + block * 16, sum);
        }
    }
}
#endif

void tw_blocked_dots(const float *v, const float *blocked, long blocks, long dimension, float *out) {
#if defined(__x86_64__) || defined(__i386__)
    if (__builtin_cpu_supports("avx512f")) {
        dots_avx512(v, blocked, blocks, dimension, out);
        return;
    }
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        dots_avx2(v, blocked, blocks, dimension, out);
        return;
    }
#endif
    dots_baseline(v, blocked, blocks, dimension, out);
}

int tw_blocked_dots_on(int path, const float *v, const float *blocked, long blocks, long dimension, float *out) {
    switch (path) {
    case 0:
        dots_baseline(v, blocked, blocks, dimension, out);
        return 1;
#if defined(__x86_64__) || defined(__i386__)
    case 1:
        if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) return 0;
        dots_avx2(v, blocked, blocks, dimension, out);
        return 1;
    case 2:
        if (!__builtin_cpu_supports("avx512f")) return 0;
        dots_avx512(v, blocked, blocks, dimension, out);
        return 1;
#endif
    default:
        return 0;
    }
}

void tw_blocked_dots4(const float *v0, const float *v1, const float *v2, const float *v3, const float *blocked, long blocks, long dimension, float *out0, float *out1, float *out2, float *out3) {
#if defined(__x86_64__) || defined(__i386__)
    if (__builtin_cpu_supports("avx512f")) {
        dots4_avx512(v0, v1, v2, v3, blocked, blocks, dimension, out0, out1, out2, out3);
        return;
    }
#endif
    // With 16 vector registers the batch would spill, so narrower CPUs take four passes.
    tw_blocked_dots(v0, blocked, blocks, dimension, out0);
    tw_blocked_dots(v1, blocked, blocks, dimension, out1);
    tw_blocked_dots(v2, blocked, blocks, dimension, out2);
    tw_blocked_dots(v3, blocked, blocks, dimension, out3);
}

#define TW_MIX_BODY                                                                          \
    for (long i = 0; i < count; i++) {                                                       \
        double scaled = lexical[i] * scale;                                                  \
        double semantic = weight * (double)cosines[i];                                       \
        out[i] = scaled + semantic;                                                          \
    }

static void mix_baseline(const double *lexical, const float *cosines, long count, double scale, double weight, double *out) {
    TW_MIX_BODY
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx512f")))
static void mix_avx512(const double *lexical, const float *cosines, long count, double scale, double weight, double *out) {
    TW_MIX_BODY
}

__attribute__((target("avx")))
static void mix_avx(const double *lexical, const float *cosines, long count, double scale, double weight, double *out) {
    TW_MIX_BODY
}
#endif

#define TW_ADD_SCALED_BODY                                                                   \
    for (long i = 0; i < count; i++) {                                                       \
        double product = weight * row[i];                                                    \
        out[i] = out[i] + product;                                                           \
    }

static void add_scaled_baseline(const double *row, double weight, double *out, long count) {
    TW_ADD_SCALED_BODY
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx512f")))
static void add_scaled_avx512(const double *row, double weight, double *out, long count) {
    TW_ADD_SCALED_BODY
}

__attribute__((target("avx")))
static void add_scaled_avx(const double *row, double weight, double *out, long count) {
    TW_ADD_SCALED_BODY
}
#endif

void tw_add_scaled(const double *row, double weight, double *out, long count) {
#if defined(__x86_64__) || defined(__i386__)
    if (__builtin_cpu_supports("avx512f")) {
        add_scaled_avx512(row, weight, out, count);
        return;
    }
    if (__builtin_cpu_supports("avx")) {
        add_scaled_avx(row, weight, out, count);
        return;
    }
#endif
    add_scaled_baseline(row, weight, out, count);
}

void tw_lexical_postings(const tw_weighted_term *terms, long count, const int32_t *dense_row, const double *dense,
                         long tool_count, const long *posting_start, const int32_t *posting_tool,
                         const double *contribution, double *out) {
    for (long t = 0; t < count; t++) {
        long id = terms[t].id;
        double weight = terms[t].weight;
        int32_t row = dense_row[id];
        if (row >= 0) {
            // Tools without the term add weight × 0 = +0: their scores do not change, bit for
            // bit (scores are never −0).
            tw_add_scaled(dense + (long)row * tool_count, weight, out, tool_count);
            continue;
        }
        long end = posting_start[id + 1];
        for (long p = posting_start[id]; p < end; p++) {
            double product = weight * contribution[p];
            out[posting_tool[p]] = out[posting_tool[p]] + product;
        }
    }
}

void tw_name_coverage(const tw_weighted_term *terms, long count, const double *idf, const long *name_start,
                      const int32_t *name_tool, const double *name_idf, double boost, double *covered,
                      int32_t *touched, double *out) {
    long used = 0;
    for (long t = 0; t < count; t++) {
        if (!(terms[t].weight >= 1)) continue;
        long id = terms[t].id;
        double term_idf = idf[id];
        long end = name_start[id + 1];
        for (long p = name_start[id]; p < end; p++) {
            int32_t tool = name_tool[p];
            if (covered[tool] == 0) touched[used++] = tool;
            covered[tool] = covered[tool] + term_idf;
        }
    }
    for (long i = 0; i < used; i++) {
        int32_t tool = touched[i];
        if (name_idf[tool] > 0) {
            double share = boost * covered[tool] / name_idf[tool];
            out[tool] = out[tool] * (1 + share);
        }
        covered[tool] = 0;
    }
}

void tw_mix_scores(const double *lexical, const float *cosines, long count, double scale, double weight, double *out) {
#if defined(__x86_64__) || defined(__i386__)
    if (__builtin_cpu_supports("avx512f")) {
        mix_avx512(lexical, cosines, count, scale, weight, out);
        return;
    }
    if (__builtin_cpu_supports("avx")) {
        mix_avx(lexical, cosines, count, scale, weight, out);
        return;
    }
#endif
    mix_baseline(lexical, cosines, count, scale, weight, out);
}

#define TW_ACCUMULATE_BODY                                                                   \
    for (long d = 0; d < dimension; d++) {                                                   \
        float value = factor * (float)bytes[d];                                                \
        sum[d] = sum[d] + value;                                                             \
    }

static void accumulate_baseline(const void *row, float factor, float *sum, long dimension) {
    const signed char *bytes = (const signed char *)row;
    TW_ACCUMULATE_BODY
}

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

__attribute__((target("avx2")))
static void accumulate_avx2(const void *row, float factor, float *sum, long dimension) {
    const signed char *bytes = (const signed char *)row;
    TW_ACCUMULATE_BODY
}

__attribute__((target("avx512f")))
static void accumulate_avx512(const void *row, float factor, float *sum, long dimension) {
    const signed char *bytes = (const signed char *)row;
    TW_ACCUMULATE_BODY
}

#endif

void tw_accumulate(const void *row, float factor, float *sum, long dimension) {
#if defined(__x86_64__) || defined(__i386__)
    if (__builtin_cpu_supports("avx512f")) {
        accumulate_avx512(row, factor, sum, dimension);
        return;
    }
    if (__builtin_cpu_supports("avx2")) {
        accumulate_avx2(row, factor, sum, dimension);
        return;
    }
#endif
    accumulate_baseline(row, factor, sum, dimension);
}

#if defined(__x86_64__) || defined(__i386__)
// The sum stays in eight registers across all the rows (the 128-dimension table).
__attribute__((target("avx512f")))
static void accumulate_rows128_avx512(const signed char *rows, const int *ids, const float *factors, long count, float *sum) {
    __m512 s[8];
    for (int v = 0; v < 8; v++) s[v] = _mm512_loadu_ps(sum + v * 16);
    for (long i = 0; i < count; i++) {
        const signed char *row = rows + (long)ids[i] * 128;
        __m512 factor = _mm512_set1_ps(factors[i]);
        for (int v = 0; v < 8; v++) {
            __m512 x = _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *)(row + v * 16))));
            s[v] = _mm512_add_ps(s[v], _mm512_mul_ps(factor, x));
        }
    }
    for (int v = 0; v < 8; v++) _mm512_storeu_ps(sum + v * 16, s[v]);
}
#endif

void tw_accumulate_rows(const void *rows, long dimension, const int *ids, const float *factors, long count, float *sum) {
#if defined(__x86_64__) || defined(__i386__)
    if (dimension == 128 && __builtin_cpu_supports("avx512f")) {
        accumulate_rows128_avx512((const signed char *)rows, ids, factors, count, sum);
        return;
    }
#endif
    for (long i = 0; i < count; i++) tw_accumulate((const signed char *)rows + (long)ids[i] * dimension, factors[i], sum, dimension);
}

// Insertion after any equal score; when full, the last one drops out.
#define TW_INSERT(score, tool)                                                                 \
    {                                                                                        \
        long slot = filled < capacity ? filled : capacity - 1;                               \
        while (slot > 0 && best[slot - 1] < (score)) {                                       \
            best[slot] = best[slot - 1];                                                     \
            tools[slot] = tools[slot - 1];                                                   \
            slot--;                                                                          \
        }                                                                                    \
        best[slot] = (score);                                                                \
        tools[slot] = (tool);                                                                \
        if (filled < capacity) filled++;                                                     \
    }

// After the first `capacity` scores, only a score that is not <= the current last enters (an
// equal score loses to the earlier tool).
static long best_baseline(const double *scores, long count, long capacity, double *best, long *tools) {
    long filled = 0;
    for (long i = 0; i < capacity; i++) TW_INSERT(scores[i], i)
    for (long i = capacity; i < count; i++) {
        if (!(scores[i] <= best[capacity - 1])) TW_INSERT(scores[i], i)
    }
    return filled;
}

#if defined(__x86_64__) || defined(__i386__)
// The plain scan, eight scores per compare against the current last; the lanes that pass are
// re-checked one by one, since each insertion raises the last.
__attribute__((target("avx512f")))
static long best_scan_avx512(const double *scores, long count, long capacity, double *best, long *tools) {
    long filled = 0;
    for (long i = 0; i < capacity; i++) TW_INSERT(scores[i], i)
    long i = capacity;
    for (; i + 8 <= count; i += 8) {
        __mmask8 mask = _mm512_cmp_pd_mask(_mm512_loadu_pd(scores + i), _mm512_set1_pd(best[capacity - 1]), _CMP_NLE_UQ);
        while (mask) {
            long candidate = i + __builtin_ctz((unsigned)mask);
            mask &= (__mmask8)(mask - 1);
            if (!(scores[candidate] <= best[capacity - 1])) TW_INSERT(scores[candidate], candidate)
        }
    }
    for (; i < count; i++) {
        if (!(scores[i] <= best[capacity - 1])) TW_INSERT(scores[i], i)
    }
    return filled;
}

// First a floor that at least `capacity` scores reach: the scores as rows of 8 lanes, split in
// two halves, give 16 groups (lane, half); the `capacity`-th largest group maximum is reached
// by the maximum of `capacity` groups, so no score below it is among the best. The scores
// above the floor are gathered without branches (compress stores) and inserted in index order
// as the plain scan would, then, while the list is short, the earliest scores equal to the
// floor: the same best list, from a few dozen candidates instead of every score that raises
// the list while it fills. With a NaN anywhere, or too many candidates, the plain scan runs.
__attribute__((target("avx512f")))
static long best_avx512(const double *scores, long count, long capacity, double *best, long *tools) {
    long rows = count / 8;
    if (capacity > 16 || rows < 32) return best_scan_avx512(scores, count, capacity, best, tools);
    long half = rows / 2;
    // Each half's maximum by lanes, over its even and its odd rows apart and then together: four
    // independent chains instead of two back to back (a max waits on the one before it). The
    // group maxima are the same (NaNs, where the order would matter, take the plain scan).
    __m512d low0 = _mm512_loadu_pd(scores), low1 = low0;
    __m512d high0 = _mm512_loadu_pd(scores + half * 8), high1 = high0;
    __mmask8 unordered = 0;
    long r = 0;
    for (; r + 2 <= half; r += 2) {
        __m512d a = _mm512_loadu_pd(scores + r * 8), b = _mm512_loadu_pd(scores + r * 8 + 8);
        __m512d c = _mm512_loadu_pd(scores + (half + r) * 8), d = _mm512_loadu_pd(scores + (half + r) * 8 + 8);
        unordered |= _mm512_cmp_pd_mask(a, b, _CMP_UNORD_Q) | _mm512_cmp_pd_mask(c, d, _CMP_UNORD_Q);
        low0 = _mm512_max_pd(low0, a);
        low1 = _mm512_max_pd(low1, b);
        high0 = _mm512_max_pd(high0, c);
        high1 = _mm512_max_pd(high1, d);
    }
    for (; r < half; r++) {
        __m512d a = _mm512_loadu_pd(scores + r * 8), c = _mm512_loadu_pd(scores + (half + r) * 8);
        unordered |= _mm512_cmp_pd_mask(a, c, _CMP_UNORD_Q);
        low0 = _mm512_max_pd(low0, a);
        high0 = _mm512_max_pd(high0, c);
    }
    for (r = 2 * half; r < rows; r++) {
        __m512d x = _mm512_loadu_pd(scores + r * 8);
        unordered |= _mm512_cmp_pd_mask(x, x, _CMP_UNORD_Q);
        high0 = _mm512_max_pd(high0, x);
    }
    __m512d low = _mm512_max_pd(low0, low1), high = _mm512_max_pd(high0, high1);
    for (long i = rows * 8; i < count; i++) {
        if (scores[i] != scores[i]) unordered = 1;
    }
    if (unordered) return best_scan_avx512(scores, count, capacity, best, tools);
    // The `capacity`-th largest of the 16 group maxima (the leftover scores past the rows are
    // candidates regardless, below).
    double maxima[16], top[16];
    _mm512_storeu_pd(maxima, low);
    _mm512_storeu_pd(maxima + 8, high);
    long kept = 0;
    for (int g = 0; g < 16; g++) {
        long slot = kept < capacity ? kept : capacity - 1;
        if (kept == capacity && !(maxima[g] > top[capacity - 1])) continue;
        while (slot > 0 && top[slot - 1] < maxima[g]) {
            top[slot] = top[slot - 1];
            slot--;
        }
        top[slot] = maxima[g];
        if (kept < capacity) kept++;
    }
    double floor = top[capacity - 1];
    // The scores above the floor, in index order. If at least `capacity` are above it, the
    // best are among them; else the best are all of them and then the earliest scores equal
    // to the floor (at least `capacity` scores reach it).
    double candidates[128];
    long candidateTools[128];
    long found = 0;
    __m512d limit = _mm512_set1_pd(floor);
    __m512i lanes = _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0);
    long i = 0;
    for (; i + 8 <= count; i += 8) {
        __m512d x = _mm512_loadu_pd(scores + i);
        __mmask8 mask = _mm512_cmp_pd_mask(x, limit, _CMP_GT_OQ);
        if (!mask) continue;
        long n = __builtin_popcount((unsigned)mask);
        if (found + n > 120) return best_scan_avx512(scores, count, capacity, best, tools);
        _mm512_mask_compressstoreu_pd(candidates + found, mask, x);
        _mm512_mask_compressstoreu_epi64(candidateTools + found, mask, _mm512_add_epi64(lanes, _mm512_set1_epi64(i)));
        found += n;
    }
    for (; i < count; i++) {
        if (!(scores[i] > floor)) continue;
        candidates[found] = scores[i];
        candidateTools[found] = i;
        found++;
    }
    long filled = 0;
    for (long c = 0; c < found; c++) {
        if (filled == capacity && !(candidates[c] > best[capacity - 1])) continue;
        TW_INSERT(candidates[c], candidateTools[c])
    }
    for (long j = 0; filled < capacity && j < count; j++) {
        if (scores[j] == floor) TW_INSERT(scores[j], j)
    }
    return filled;
}
#endif
#undef TW_INSERT

long tw_best(const double *scores, long count, long capacity, double *best, long *tools) {
    if (capacity > count) capacity = count;
    if (capacity <= 0) return 0;
#if defined(__x86_64__) || defined(__i386__)
    if (__builtin_cpu_supports("avx512f")) return best_avx512(scores, count, capacity, best, tools);
#endif
    return best_baseline(scores, count, capacity, best, tools);
}

int tw_normalize(const float *v, long count, float *out) {
    float norm = 0;
    for (long i = 0; i < count; i++) {
        float square = v[i] * v[i];
        norm = norm + square;
    }
    if (!(norm > 0)) return 0;
    float inverse = 1 / __builtin_sqrtf(norm);
    for (long i = 0; i < count; i++) out[i] = v[i] * inverse;
    return 1;
}

static double max_first_baseline(const double *scores, long count) {
    double top = scores[0];
    for (long i = 1; i < count; i++) {
        if (scores[i] > top) top = scores[i];
    }
    return top;
}

#if defined(__x86_64__) || defined(__i386__)
// The maximum by lanes; NaN anywhere sets `*unordered`. Equal values are the same double
// unless they are zeros of both signs, which the caller rules out.
__attribute__((target("avx512f")))
static double max_avx512(const double *scores, long count, int *unordered) {
    // Four independent chains (a max waits on the one before it).
    __m512d best0 = _mm512_set1_pd(scores[0]), best1 = best0, best2 = best0, best3 = best0;
    __mmask8 nan = 0;
    long i = 0;
    for (; i + 32 <= count; i += 32) {
        __m512d a = _mm512_loadu_pd(scores + i), b = _mm512_loadu_pd(scores + i + 8);
        __m512d c = _mm512_loadu_pd(scores + i + 16), d = _mm512_loadu_pd(scores + i + 24);
        nan |= _mm512_cmp_pd_mask(a, b, _CMP_UNORD_Q) | _mm512_cmp_pd_mask(c, d, _CMP_UNORD_Q);
        best0 = _mm512_max_pd(best0, a);
        best1 = _mm512_max_pd(best1, b);
        best2 = _mm512_max_pd(best2, c);
        best3 = _mm512_max_pd(best3, d);
    }
    for (; i + 8 <= count; i += 8) {
        __m512d x = _mm512_loadu_pd(scores + i);
        nan |= _mm512_cmp_pd_mask(x, x, _CMP_UNORD_Q);
        best0 = _mm512_max_pd(best0, x);
    }
    __m512d best = _mm512_max_pd(_mm512_max_pd(best0, best1), _mm512_max_pd(best2, best3));
    double top = _mm512_reduce_max_pd(best);
    for (; i < count; i++) {
        if (scores[i] != scores[i]) nan = 1;
        if (scores[i] > top) top = scores[i];
    }
    *unordered = nan != 0;
    return top;
}
#endif

double tw_max_first(const double *scores, long count) {
#if defined(__x86_64__) || defined(__i386__)
    if (count >= 16 && __builtin_cpu_supports("avx512f")) {
        int unordered = 0;
        double top = max_avx512(scores, count, &unordered);
        if (!unordered && top != 0) return top;
    }
#endif
    return max_first_baseline(scores, count);
}

#if defined(__SSE2__)
#include <emmintrin.h>

// Of the 16 bytes at `text`: bit j of `*lower` is set when byte j is `a`-`z`; the result has
// bit j set when byte j is neither that nor a separator (an upper-case letter, a digit or a
// non-ASCII byte), which the byte-at-a-time loop must see.
static inline unsigned classify16(const unsigned char *text, unsigned *lower) {
    __m128i chunk = _mm_loadu_si128((const __m128i *)text);
    __m128i zero = _mm_setzero_si128();
    __m128i l = _mm_cmpeq_epi8(_mm_subs_epu8(_mm_sub_epi8(chunk, _mm_set1_epi8('a')), _mm_set1_epi8(25)), zero);
    __m128i u = _mm_cmpeq_epi8(_mm_subs_epu8(_mm_sub_epi8(chunk, _mm_set1_epi8('A')), _mm_set1_epi8(25)), zero);
    __m128i d = _mm_cmpeq_epi8(_mm_subs_epu8(_mm_sub_epi8(chunk, _mm_set1_epi8('0')), _mm_set1_epi8(9)), zero);
    *lower = (unsigned)_mm_movemask_epi8(l);
    return (unsigned)_mm_movemask_epi8(_mm_or_si128(u, d)) | (unsigned)_mm_movemask_epi8(chunk);
}
#endif

static long split_ascii_words_bytes(const unsigned char *text, long count, unsigned char *out, long *ends) {
    // Bit `previous * 4 + kind` marks a word boundary between the two classes (0 separator,
    // 1 upper, 2 lower, 3 digit): lower→upper, digit→upper, digit→lower, upper→digit, lower→digit.
    const unsigned boundaries = 1u << (2 * 4 + 1) | 1u << (3 * 4 + 1) | 1u << (3 * 4 + 2) | 1u << (1 * 4 + 3) |
                                1u << (2 * 4 + 3);
    long length = 0, start = 0, words = 0;
    unsigned previous = 0;
    long i = 0;
    while (i < count) {
#if defined(__SSE2__)
        // Sixteen bytes at a time while they are only lower-case letters and separators after a
        // separator or a lower-case letter: a word then ends exactly at each separator, and
        // letters are copied as they are (what the byte loop below does with such bytes), one
        // run per store instead of one byte per step.
        if ((previous == 0 || previous == 2) && i + 16 <= count) {
            unsigned lower;
            unsigned other = classify16(text + i, &lower);
            long k = other ? __builtin_ctz(other) : 16;
            long pos = 0;
            while (pos < k) {
                unsigned rest = lower >> pos;
                if (!(rest & 1)) {
                    if (length > start) {
                        ends[words++] = length;
                        start = length;
                    }
                    previous = 0;
                    pos += rest ? __builtin_ctz(rest) : 16 - pos;
                } else {
                    long run = __builtin_ctz(~rest);
                    if (pos + run > k) run = k - pos;
                    // The output never runs ahead of the input, so 16 bytes fit at `out + length`.
                    if (i + pos + 16 <= count) {
                        _mm_storeu_si128((__m128i *)(out + length), _mm_loadu_si128((const __m128i *)(text + i + pos)));
                    } else {
                        for (long j = 0; j < run; j++) out[length + j] = text[i + pos + j];
                    }
                    length += run;
                    pos += run;
                    previous = 2;
                }
            }
            if (k > 0) {
                i += k;
                continue;
            }
        }
#endif
        unsigned char c = text[i];
        // Most bytes continue a lower-case word: no boundary, copied as they are.
        if (previous == 2 && (unsigned char)(c - 'a') < 26) {
            out[length++] = c;
            i++;
            continue;
        }
        if (c >= 0x80) return -1;
        unsigned kind = (c >= 'A' && c <= 'Z') ? 1 : (c >= 'a' && c <= 'z') ? 2 : (c >= '0' && c <= '9') ? 3 : 0;
        if (kind == 0) {
            if (length > start) {
                ends[words++] = length;
                start = length;
            }
            previous = 0;
            i++;
            continue;
        }
        int boundary = (boundaries >> (previous << 2 | kind)) & 1;
        // In a run of capitals the last one before a lower-case letter starts the next word.
        if (previous == 1 && kind == 1 && i + 1 < count && text[i + 1] >= 'a' && text[i + 1] <= 'z') boundary = 1;
        if (boundary && length > start) {
            ends[words++] = length;
            start = length;
        }
        previous = kind;
        out[length++] = kind == 1 ? (unsigned char)(c + 0x20) : c;
        i++;
    }
    if (length > start) ends[words++] = length;
    return words;
}

#if defined(__x86_64__) || defined(__i386__)
// The same split, 64 bytes at a time from bit masks (bit `i` = byte `i` of the chunk): the
// classes, the boundaries between them (as in `boundaries` above, and a capital followed by a
// capital and a lower-case letter), the places where a word closes (a boundary, or a
// separator after a word byte); the word bytes, lower-cased, are packed eight at a time
// (`pext`) and each word's end is the count of word bytes before the place that closes it.
__attribute__((target("avx512f,avx512bw,bmi2,popcnt")))
static long split_ascii_words_avx512(const unsigned char *text, long count, unsigned char *out, long *ends) {
    long length = 0, words = 0;
    unsigned long long previousUpper = 0, previousLower = 0, previousDigit = 0;
    for (long i = 0; i < count; i += 64) {
        long n = count - i < 64 ? count - i : 64;
        __mmask64 valid = n == 64 ? ~0ULL : ((1ULL << n) - 1);
        __m512i x = _mm512_maskz_loadu_epi8(valid, text + i);
        if (_mm512_movepi8_mask(x)) return -1;
        unsigned long long upper = _mm512_cmplt_epu8_mask(_mm512_sub_epi8(x, _mm512_set1_epi8('A')), _mm512_set1_epi8(26)) & valid;
        unsigned long long lower = _mm512_cmplt_epu8_mask(_mm512_sub_epi8(x, _mm512_set1_epi8('a')), _mm512_set1_epi8(26)) & valid;
        unsigned long long digit = _mm512_cmplt_epu8_mask(_mm512_sub_epi8(x, _mm512_set1_epi8('0')), _mm512_set1_epi8(10)) & valid;
        unsigned long long word = upper | lower | digit;
        unsigned long long nextLower = lower >> 1;
        if (n == 64 && i + 64 < count) {
            unsigned char c = text[i + 64];
            if (c >= 'a' && c <= 'z') nextLower |= 1ULL << 63;
        }
        unsigned long long up = upper << 1 | previousUpper, lp = lower << 1 | previousLower, dp = digit << 1 | previousDigit;
        unsigned long long boundary = (lp & upper) | (dp & upper) | (dp & lower) | (up & digit) | (lp & digit) | (up & upper & nextLower);
        unsigned long long closes = boundary | (~word & valid & (up | lp | dp));
        // Word ends, in the packed output.
        long base = length;
        while (closes) {
            int at = __builtin_ctzll(closes);
            closes &= closes - 1;
            ends[words++] = base + __builtin_popcountll(word & ((1ULL << at) - 1));
        }
        // Lower-cased word bytes, packed.
        unsigned char chunk[64];
        _mm512_storeu_si512((void *)chunk, _mm512_mask_add_epi8(x, upper, x, _mm512_set1_epi8(0x20)));
        for (int g = 0; g < 64 && (g < n); g += 8) {
            unsigned long long bits = (word >> g) & 0xFF;
            if (!bits) continue;
            unsigned long long data;
            memcpy(&data, chunk + g, 8);
            unsigned long long packed = _pext_u64(data, _pdep_u64(bits, 0x0101010101010101ULL) * 0xFF);
            int taken = __builtin_popcountll(bits);
            // The output never runs ahead of the input, so 8 bytes fit unless near the end.
            if (length + 8 <= count) {
                memcpy(out + length, &packed, 8);
            } else {
                memcpy(out + length, &packed, (size_t)taken);
            }
            length += taken;
        }
        previousUpper = (upper >> (n - 1)) & 1;
        previousLower = (lower >> (n - 1)) & 1;
        previousDigit = (digit >> (n - 1)) & 1;
    }
    if (previousUpper | previousLower | previousDigit) ends[words++] = length;
    return words;
}
#endif

long tw_split_ascii_words_on(int path, const unsigned char *text, long count, unsigned char *out, long *ends) {
    switch (path) {
    case 0:
        return split_ascii_words_bytes(text, count, out, ends);
#if defined(__x86_64__) || defined(__i386__)
    case 1:
        if (!__builtin_cpu_supports("avx512bw") || !__builtin_cpu_supports("bmi2")) return -2;
        return split_ascii_words_avx512(text, count, out, ends);
#endif
    default:
        return -2;
    }
}

long tw_split_ascii_words(const unsigned char *text, long count, unsigned char *out, long *ends) {
#if defined(__x86_64__) || defined(__i386__)
    if (__builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("bmi2")) return split_ascii_words_avx512(text, count, out, ends);
#endif
    return split_ascii_words_bytes(text, count, out, ends);
}
