#include "selection_kernels.h"

// No fused multiply-add: results must not depend on the instruction set.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

typedef float v8f __attribute__((vector_size(32), aligned(4)));

// One body, compiled twice: for the baseline target (SSE2) and with AVX (8 floats per
// instruction). Lane `l` of every vector is tool `block * 8 + l`.
#define TW_BLOCKED_DOTS_BODY                                                                 \
    long main_end = dimension / 32 * 32;                                                     \
    long eights = (dimension - main_end) / 8;                                                \
    long tail = main_end + eights * 8;                                                       \
    for (long block = 0; block < blocks; block++) {                                          \
        const v8f *t = (const v8f *)(blocked + block * dimension * 8);                       \
        v8f result = {-0.0f, -0.0f, -0.0f, -0.0f, -0.0f, -0.0f, -0.0f, -0.0f};               \
        for (long lane = 0; lane < 8; lane++) {                                              \
            v8f p0 = {0}, p1 = {0}, p2 = {0}, p3 = {0};                                      \
            long d = lane;                                                                   \
            for (; d < main_end; d += 32) {                                                  \
                v8f q0 = t[d] * v[d];                                                        \
                p0 = p0 + q0;                                                                \
                v8f q1 = t[d + 8] * v[d + 8];                                                \
                p1 = p1 + q1;                                                                \
                v8f q2 = t[d + 16] * v[d + 16];                                              \
                p2 = p2 + q2;                                                                \
                v8f q3 = t[d + 24] * v[d + 24];                                              \
                p3 = p3 + q3;                                                                \
            }                                                                                \
            for (long e = 0; e < eights; e++, d += 8) {                                      \
                v8f q = t[d] * v[d];                                                         \
                p0 = p0 + q;                                                                 \
            }                                                                                \
            v8f a = p0 + p1;                                                                 \
            v8f b = p2 + p3;                                                                 \
            v8f m = a + b;                                                                   \
            result = result + m;                                                             \
        }                                                                                    \
        for (long d = tail; d < dimension; d++) {                                            \
            v8f q = t[d] * v[d];                                                             \
            result = result + q;                                                             \
        }                                                                                    \
        for (int lane = 0; lane < 8; lane++) out[block * 8 + lane] = result[lane];           \
    }

static void dots_baseline(const float *v, const float *blocked, long blocks, long dimension, float *out) {
    TW_BLOCKED_DOTS_BODY
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx")))
static void dots_avx(const float *v, const float *blocked, long blocks, long dimension, float *out) {
    TW_BLOCKED_DOTS_BODY
}
#endif

void tw_blocked_dots(const float *v, const float *blocked, long blocks, long dimension, float *out) {
#if defined(__x86_64__) || defined(__i386__)
    if (__builtin_cpu_supports("avx")) {
        dots_avx(v, blocked, blocks, dimension, out);
        return;
    }
#endif
    dots_baseline(v, blocked, blocks, dimension, out);
}
