import CSelectionKernels

/// Tool vectors laid out for scoring one prompt against all tools at once: blocks of 16 tools,
/// dimension-major inside a block, so each SIMD lane is one tool and no horizontal sums are
/// needed. Each tool's dot product is computed in one fixed order of fused multiply-adds, so
/// the cosines are the same on every CPU (see `tw_blocked_dots`).
struct BlockedCosines: Sendable {
    static let lanes = Int(TW_BLOCK_LANES)
    let dimension: Int
    let toolCount: Int
    let blocks: Int
    /// `(block × dimension + d) × lanes + lane`; lanes past `toolCount` are zero.
    let values: [Float]

    /// `rows`: `toolCount × dimension`, row-major.
    init(rows: [Float], toolCount: Int, dimension: Int) {
        self.dimension = dimension
        self.toolCount = toolCount
        blocks = (toolCount + Self.lanes - 1) / Self.lanes
        var values = [Float](repeating: 0, count: blocks * dimension * Self.lanes)
        values.withUnsafeMutableBufferPointer { values in
            rows.withUnsafeBufferPointer { rows in
                for tool in 0..<toolCount {
                    let block = tool / Self.lanes
                    let lane = tool % Self.lanes
                    for d in 0..<dimension {
                        values[(block * dimension + d) * Self.lanes + lane] = rows[tool * dimension + d]
                    }
                }
            }
        }
        self.values = values
    }

    /// `blocked`: already in this layout (`blocks × dimension × lanes` floats).
    init(blocked: [Float], toolCount: Int, dimension: Int) {
        self.dimension = dimension
        self.toolCount = toolCount
        blocks = (toolCount + Self.lanes - 1) / Self.lanes
        precondition(blocked.count == blocks * dimension * Self.lanes)
        values = blocked
    }

    /// The number of results `dots` writes (tools rounded up to whole blocks).
    var paddedCount: Int { blocks * Self.lanes }

    /// `dots` for four prompt vectors in one pass over the table (bit-identical results):
    /// `out` holds `4 × paddedCount` floats, prompt `k`'s from `k × paddedCount`.
    func dots4(_ v: [UnsafePointer<Float>], into out: UnsafeMutablePointer<Float>) {
        precondition(v.count == 4)
        dots4(v[...], blocks: 0..<blocks, into: out, stride: paddedCount)
    }

    /// `dots4` over some blocks only: prompt `k`'s results for those blocks' tools go to
    /// `out + k × stride` (the first block's first tool there).
    func dots4(
        _ v: ArraySlice<UnsafePointer<Float>>, blocks range: Range<Int>, into out: UnsafeMutablePointer<Float>,
        stride: Int
    ) {
        precondition(v.count == 4 && range.lowerBound >= 0 && range.upperBound <= blocks)
        guard !range.isEmpty else { return }
        let at = v.startIndex
        values.withUnsafeBufferPointer { table in
            tw_blocked_dots4(
                v[at], v[at + 1], v[at + 2], v[at + 3], table.baseAddress! + range.lowerBound * dimension * Self.lanes,
                range.count, dimension, out, out + stride, out + 2 * stride, out + 3 * stride)
        }
    }

    /// `out[tool]` = the dot product of `v` with the tool's vector, for every tool; `out` holds
    /// at least `paddedCount` floats.
    func dots(_ v: UnsafeBufferPointer<Float>, into out: UnsafeMutableBufferPointer<Float>) {
        precondition(v.count == dimension && out.count >= paddedCount)
        guard blocks > 0 else { return }
        values.withUnsafeBufferPointer { table in
            tw_blocked_dots(v.baseAddress, table.baseAddress, blocks, dimension, out.baseAddress)
        }
    }
}
