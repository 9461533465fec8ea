#ifndef TOOLWRIGHT_SELECTION_KERNELS_H
#define TOOLWRIGHT_SELECTION_KERNELS_H

#include <stdint.h>

/// Tools per block of the blocked table (one SIMD lane each).
#define TW_BLOCK_LANES 16

/// Dot products of one prompt vector `v` (`dimension` floats) with every tool vector of a
/// blocked table (`blocks` blocks of 16 tools, dimension-major inside a block: element
/// `(block * dimension + d) * 16 + lane`); writes `blocks * 16` results to `out`.
///
/// Per tool: four partial sums from +0, dimension `d` fused-multiply-added (one rounding) into
/// sum `d % 4` in ascending `d`, then `(s0 + s1) + (s2 + s3)`. Every instruction set computes
/// exactly that, so results are bit-identical across CPUs; AVX-512 or AVX2 with FMA is used
/// when the CPU has it.
void tw_blocked_dots(const float *v, const float *blocked, long blocks, long dimension, float *out);

/// `tw_blocked_dots` for four prompt vectors at once (`v0`…`v3` into `out0`…`out3`), each
/// result bit-identical to a single pass. With AVX-512 the table is read once instead of four
/// times; other CPUs make four single passes.
void tw_blocked_dots4(const float *v0, const float *v1, const float *v2, const float *v3, const float *blocked, long blocks, long dimension, float *out0, float *out1, float *out2, float *out3);

/// `tw_blocked_dots` on one instruction-set path (0 plain C, 1 AVX2 with FMA, 2 AVX-512), for
/// tests that all paths agree. Returns 0 (and writes nothing) when this CPU lacks the path.
int tw_blocked_dots_on(int path, const float *v, const float *blocked, long blocks, long dimension, float *out);
/// `out[i] = out[i] + weight * row[i]` for `i < count`: a multiply, then an add (never fused),
/// as the scalar loop of postings does for each tool.
void tw_add_scaled(const double *row, double weight, double *out, long count);
/// A query term and its weight, as Swift lays out `(id: Int, weight: Double)`.
typedef struct {
    long id;
    double weight;
} tw_weighted_term;

/// BM25 of a query into `out` (zero wherever the terms' postings reach): for each term in
/// order, a dense row (`dense_row[id] >= 0`) as `tw_add_scaled` over all `tool_count` tools, or
/// each posting `p` of the term as `out[tool[p]] = out[tool[p]] + weight * contribution[p]`
/// (a multiply, then an add; never fused).
void tw_lexical_postings(const tw_weighted_term *terms, long count, const int32_t *dense_row, const double *dense,
                         long tool_count, const long *posting_start, const int32_t *posting_tool,
                         const double *contribution, double *out);

/// The name-coverage boost: for each term of weight >= 1, in order, `covered[tool] += idf[id]`
/// for each tool whose name has it (`name_start`/`name_tool`); then each such tool's score is
/// multiplied by `1 + boost * covered / name_idf` (when `name_idf > 0`) and its `covered` reset
/// to 0. `touched` is scratch for `tool_count` tool ids; `covered` must be all zero.
void tw_name_coverage(const tw_weighted_term *terms, long count, const double *idf, const long *name_start,
                      const int32_t *name_tool, const double *name_idf, double boost, double *covered,
                      int32_t *touched, double *out);

/// `out[i] = lexical[i] * scale + weight * (double)cosines[i]` for `i < count`: two separate
/// multiplies and an add per element (never fused), as the Swift loop it replaces.
void tw_mix_scores(const double *lexical, const float *cosines, long count, double scale, double weight, double *out);

/// `sum[d] = sum[d] + factor * (float)row[d]` for `d < dimension`: one multiply and one add
/// per element (never fused), as the Swift loop it replaces (a word vector's int8 row added
/// to a text's sum).
void tw_accumulate(const void *row, float factor, float *sum, long dimension);

/// `tw_accumulate` of rows `ids[i]` (int8 rows of `dimension` bytes from `rows`) with factors
/// `factors[i]`, for `i < count` in order: the same sums, with the sum kept in registers.
void tw_accumulate_rows(const void *rows, long dimension, const int *ids, const float *factors, long count, float *sum);

/// The `min(capacity, count)` best scores into `best` with their indices into `tools`, best
/// first; of equal scores the earlier index comes first (a NaN enters at the end of the list
/// as it stands). Returns how many were written.
long tw_best(const double *scores, long count, long capacity, double *best, long *tools);
/// `Array.max()` of `count > 0` scores as Swift computes it: the first score, then any greater
/// one. SIMD where that cannot differ (no NaN, a maximum that is not zero, so no -0/+0 choice).
double tw_max_first(const double *scores, long count);

/// `out = v / |v|` as the Swift loop it replaces: the squares summed one after the other in
/// float (never fused), `inverse = 1 / sqrtf(sum)`, each element times `inverse`. Returns 0
/// (and writes nothing) when the sum is not above zero.
int tw_normalize(const float *v, long count, float *out);

/// Splits ASCII text into lower-cased words as `TermSplitter.words` does (camelCase, snake_case,
/// letter/digit boundaries, "HTMLParser" → "html", "parser"): the words' bytes back to back in
/// `out` (room for `count` bytes), word `i` ending at `ends[i]` (room for `count` ends).
/// Returns the number of words, or -1 when the text holds a non-ASCII byte.
long tw_split_ascii_words(const unsigned char *text, long count, unsigned char *out, long *ends);
/// `tw_split_ascii_words` on one path (0 bytes and SSE2, 1 AVX-512 masks), for tests that the
/// paths agree; -2 when this CPU lacks the path.
long tw_split_ascii_words_on(int path, const unsigned char *text, long count, unsigned char *out, long *ends);

// Index building (index_kernels.c).

/// Looks up `count` words (bytes back to back, word `i` ending at `ends[i]`, as
/// `tw_split_ascii_words` writes them) in a `WordTable` (its slots of entry + 1 with
/// `mask = slots - 1`, `tw_word_hash` hashes, key starts and key bytes): `entries[i]` is the
/// word's entry or -1. Returns the number of words not found.
long tw_find_words(const unsigned char *bytes, const long *ends, long count, const int32_t *slots, long mask,
                   const uint64_t *hashes, const int32_t *key_start, const unsigned char *keys, int32_t *entries);

/// Adds the terms of each entry (`terms[term_start[e]..<term_start[e + 1]]`) to a tool's term
/// counts, in order: a term first seen gets `slot[id] = used`, `order[used] = id`,
/// `counts[used] = weight`; a term seen again gets `counts[slot[id]] += weight`. `slot` is -1
/// for terms not yet seen; `order` and `counts` have room for every term and one more (written,
/// not kept). Returns the new `used`.
long tw_count_terms(const int32_t *entries, long count, const int32_t *term_start, const int32_t *terms,
                    int32_t *slot, long *order, double *counts, long used, double weight);

/// For each entry in order, each of its word-vector rows (`pieces[piece_start[e]..<piece_start[e + 1]]`)
/// added to `sum` as `tw_accumulate` with factor `scales[row]` does (bit-identical: one multiply
/// and one add per element, never fused, in the same order). Returns the number of rows added.
long tw_accumulate_entries(const void *rows, const float *scales, long dimension, const int32_t *entries, long count,
                           const int32_t *piece_start, const int32_t *pieces, float *sum);

/// Asks the CPU to start loading the cache line at `address` (a hint; no effect on results).
/// Inline (Swift imports static inline functions): a call would cost more than the hint.
static inline void tw_prefetch(const void *address) { __builtin_prefetch(address); }

#endif
