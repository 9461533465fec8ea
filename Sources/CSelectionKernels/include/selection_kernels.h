#ifndef TOOLWRIGHT_SELECTION_KERNELS_H
#define TOOLWRIGHT_SELECTION_KERNELS_H

/// Dot products of one prompt vector `v` (`dimension` floats) with every tool vector of a
/// blocked table (`blocks` blocks of 8 tools, dimension-major inside a block: element
/// `(block * dimension + d) * 8 + lane`); writes `blocks * 8` results to `out`.
///
/// Every result is bit-identical to the row-by-row loop it replaces (four 8-lane partial sums
/// over 32-wide steps, leftover 8-wide steps into the first, `(p0 + p1) + (p2 + p3)`, the 8
/// lanes summed in order from -0, then the scalar tail), whatever instruction set runs it:
/// only separate IEEE multiplies and adds, never fused. AVX is used when the CPU has it.
void tw_blocked_dots(const float *v, const float *blocked, long blocks, long dimension, float *out);

#endif
