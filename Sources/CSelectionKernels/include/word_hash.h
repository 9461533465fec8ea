#ifndef TOOLWRIGHT_WORD_HASH_H
#define TOOLWRIGHT_WORD_HASH_H

#include <stdint.h>
#include <string.h>

// The hash of `WordTable` (Swift) and `tw_find_words` (C): a few loads and two 64 × 64 → 128-bit
// multiplies per word of up to 16 bytes (wyhash's scheme), where FNV-1a took a multiply per
// byte in one dependent chain and a loop whose exit the CPU mispredicted for most words. Every
// bit of the result depends on every byte, so callers may use the low bits for a slot and the
// high bits as a tag. Never stored: tables are rebuilt on every run.

static inline uint64_t tw_hash_mum(uint64_t a, uint64_t b) {
    __uint128_t r = (__uint128_t)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
}

static inline uint64_t tw_hash_read8(const unsigned char *p) {
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static inline uint64_t tw_hash_read4(const unsigned char *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/// The hash of `length` bytes at `p` (reads only those bytes).
static inline uint64_t tw_word_hash(const unsigned char *p, long length) {
    const uint64_t k0 = 0xa0761d6478bd642full, k1 = 0xe7037ed1a0b428dbull, k2 = 0x8ebc6af09c88c6e3ull;
    uint64_t a, b, seed = k0;
    if (length <= 16) {
        if (length >= 4) {
            // Two (overlapping) 4-byte loads from each end: every byte, whatever the length.
            long q = (length >> 3) << 2;
            a = (tw_hash_read4(p) << 32) | tw_hash_read4(p + q);
            b = (tw_hash_read4(p + length - 4) << 32) | tw_hash_read4(p + length - 4 - q);
        } else if (length > 0) {
            a = ((uint64_t)p[0] << 16) | ((uint64_t)p[length >> 1] << 8) | p[length - 1];
            b = 0;
        } else {
            a = b = 0;
        }
    } else {
        long left = length;
        while (left > 16) {
            seed = tw_hash_mum(tw_hash_read8(p) ^ k1, tw_hash_read8(p + 8) ^ seed);
            p += 16;
            left -= 16;
        }
        a = tw_hash_read8(p + left - 16);
        b = tw_hash_read8(p + left - 8);
    }
    return tw_hash_mum(k1 ^ (uint64_t)length, tw_hash_mum(a ^ k1, b ^ seed ^ k2));
}

/// Whether `length` bytes at `a` and at `b` are equal (the loads of `tw_word_hash`, compared
/// instead of a byte loop whose exit depends on the length).
static inline int tw_word_equal(const unsigned char *a, const unsigned char *b, long length) {
    if (length >= 4 && length <= 16) {
        long q = (length >> 3) << 2;
        uint64_t x = (tw_hash_read4(a) ^ tw_hash_read4(b)) | (tw_hash_read4(a + q) ^ tw_hash_read4(b + q))
                     | (tw_hash_read4(a + length - 4) ^ tw_hash_read4(b + length - 4))
                     | (tw_hash_read4(a + length - 4 - q) ^ tw_hash_read4(b + length - 4 - q));
        return x == 0;
    }
    if (length > 16) return memcmp(a, b, (size_t)length) == 0;
    for (long k = 0; k < length; k++)
        if (a[k] != b[k]) return 0;
    return 1;
}

#endif
