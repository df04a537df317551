import CWinograd

/// Winograd's minimal filtering F(2×2, 3×3) (Lavin & Gray, 2015): a 3×3,
/// stride-1 correlation computed on 4×4 input tiles that overlap by two, each
/// giving a 2×2 output block, as
///
///     Y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A,
///
///     Bᵀ = | 1  0 −1  0 |    G = | 1    0    0  |    Aᵀ = | 1  1  1  0 |
///          | 0  1  1  0 |        | ½    ½    ½  |         | 0  1 −1 −1 |
///          | 0 −1  1  0 |        | ½   −½    ½  |
///          | 0  1  0 −1 |        | 0    0    1  |
///
/// Summed over input channels, the 16 element-wise products become 16 GEMMs
/// [cout, cin] · [cin, tiles]: 16 multiplies per 2×2 outputs instead of 36.
/// The backward pass is the exact adjoint of the same computation:
///
///     dM = A dY Aᵀ,  dV = Σ_co Uᵀ dM,  dd = B dV Bᵀ (overlap-added),
///     dU = Σ_tiles dM ⊙ V,  dg = Gᵀ dU G.
///
/// Transformed quantities are stored component-major: component ξ = 4a + b of
/// tile t of channel c sits at `ξ · componentStride + c · tiles + t`, so the
/// 16 GEMMs read and write contiguous matrices.
public enum WinogradF2x3 {
    /// U[ξ][co][ci] = (G g[co][ci] Gᵀ)[ξ] for weights g laid out [cout][cin][3][3].
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    @inlinable
    public static func transformWeights<Scalar: TensorScalar>(
        _ g: UnsafePointer<Scalar>, outputChannels: Int, inputChannels: Int,
        into u: UnsafeMutablePointer<Scalar>
    ) {
        let stride = outputChannels * inputChannels
        let half: Scalar = 0.5
        for k in 0..<stride {
            let w = g + 9 * k
            // One row of G g (a 3-vector) times Gᵀ gives row `row` of U.
            func store(_ row: Int, _ p: Scalar, _ q: Scalar, _ r: Scalar) {
                u[(4 * row + 0) * stride + k] = p
                u[(4 * row + 1) * stride + k] = half * (p + q + r)
                u[(4 * row + 2) * stride + k] = half * (p - q + r)
                u[(4 * row + 3) * stride + k] = r
            }
            // G g: rows g0, ½(g0 + g1 + g2), ½(g0 − g1 + g2), g2.
            store(0, w[0], w[1], w[2])
            store(1, half * (w[0] + w[3] + w[6]), half * (w[1] + w[4] + w[7]), half * (w[2] + w[5] + w[8]))
            store(2, half * (w[0] - w[3] + w[6]), half * (w[1] - w[4] + w[7]), half * (w[2] - w[5] + w[8]))
            store(3, w[6], w[7], w[8])
        }
    }

    /// dg[co][ci] = Gᵀ dU[·][co][ci] G: the 3×3 weight gradient from its
    /// Winograd-domain gradient (the adjoint of `transformWeights`).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    @inlinable
    public static func weightGradient<Scalar: TensorScalar>(
        fromTransformed du: UnsafePointer<Scalar>, outputChannels: Int, inputChannels: Int,
        into dg: UnsafeMutablePointer<Scalar>
    ) {
        let stride = outputChannels * inputChannels
        let half: Scalar = 0.5
        for k in 0..<stride {
            func u(_ r: Int, _ c: Int) -> Scalar { du[(4 * r + c) * stride + k] }
            // Column c of Gᵀ dU: (u0 + ½(u1 + u2), ½(u1 − u2), ½(u1 + u2) + u3).
            func column(_ c: Int) -> (Scalar, Scalar, Scalar) {
                let u0 = u(0, c), u1 = u(1, c), u2 = u(2, c), u3 = u(3, c)
                return (u0 + half * (u1 + u2), half * (u1 - u2), half * (u1 + u2) + u3)
            }
            let c0 = column(0), c1 = column(1), c2 = column(2), c3 = column(3)
            // Each row (e0, e1, e2, e3) of Gᵀ dU times G.
            let out = dg + 9 * k
            func store(_ row: Int, _ e0: Scalar, _ e1: Scalar, _ e2: Scalar, _ e3: Scalar) {
                out[3 * row] = e0 + half * (e1 + e2)
                out[3 * row + 1] = half * (e1 - e2)
                out[3 * row + 2] = half * (e1 + e2) + e3
            }
            store(0, c0.0, c1.0, c2.0, c3.0)
            store(1, c0.1, c1.1, c2.1, c3.1)
            store(2, c0.2, c1.2, c2.2, c3.2)
        }
    }

    @usableFromInline @inline(__always)
    static func float<Scalar>(_ p: UnsafePointer<Scalar>) -> UnsafePointer<Float> {
        UnsafeRawPointer(p).assumingMemoryBound(to: Float.self)
    }
    @usableFromInline @inline(__always)
    static func float<Scalar>(_ p: UnsafeMutablePointer<Scalar>) -> UnsafeMutablePointer<Float> {
        UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self)
    }

    // The tile transforms below work a row of tiles at a time in two stages
    // (first combining rows of the tiles, then columns), each a simple loop
    // over the tiles of the row with a few input and output streams, which
    // the compiler vectorises; index arithmetic wraps (&+, &*) so that no
    // overflow checks stand in its way.

    /// Second stage of the input transform for one combined row R = p ± q:
    /// components (R₀ − R₂, R₁ + R₂, R₂ − R₁, R₁ − R₃) of every tile.
    @inlinable @inline(__always)
    static func inputRowPass<Scalar: TensorScalar>(
        _ p: UnsafePointer<Scalar>, _ q: UnsafePointer<Scalar>, subtract: Bool, tiles: Int,
        _ o0: UnsafeMutablePointer<Scalar>, _ o1: UnsafeMutablePointer<Scalar>,
        _ o2: UnsafeMutablePointer<Scalar>, _ o3: UnsafeMutablePointer<Scalar>
    ) {
        var start = 0
        if Scalar.self == Float.self {
            start = WinogradF2x3Float.inputRowPass(
                float(p), float(q), subtract: subtract, tiles: tiles, float(o0), float(o1), float(o2), float(o3))
        }
        if subtract {
            for j in start..<tiles {
                let x = 2 &* j
                let d0 = p[x] - q[x], d1 = p[x &+ 1] - q[x &+ 1]
                let d2 = p[x &+ 2] - q[x &+ 2], d3 = p[x &+ 3] - q[x &+ 3]
                o0[j] = d0 - d2; o1[j] = d1 + d2; o2[j] = d2 - d1; o3[j] = d1 - d3
            }
        } else {
            for j in start..<tiles {
                let x = 2 &* j
                let d0 = p[x] + q[x], d1 = p[x &+ 1] + q[x &+ 1]
                let d2 = p[x &+ 2] + q[x &+ 2], d3 = p[x &+ 3] + q[x &+ 3]
                o0[j] = d0 - d2; o1[j] = d1 + d2; o2[j] = d2 - d1; o3[j] = d1 - d3
            }
        }
    }

    /// V = Bᵀ d B for every 4×4 tile of a zero-padded plane (tile (i, j) starts
    /// at row 2i, column 2j; the plane is `planeWidth` ≥ 2·tilesX + 2 wide and
    /// 2·tilesY + 2 rows tall). Tile (i, j)'s component ξ goes to
    /// `v[ξ · componentStride + i · tilesX + j]`.
    /// Float runs the C transforms at the widest vectors the CPU has (the
    /// same values; see `WinogradKernels`).
    @inlinable
    public static func transformInputTiles<Scalar: TensorScalar>(
        _ plane: UnsafePointer<Scalar>, planeWidth: Int, tilesY: Int, tilesX: Int,
        into v: UnsafeMutablePointer<Scalar>, componentStride cs: Int
    ) {
        if Scalar.self == Float.self {
            transformInputTiles(
                level: WinogradKernels.level, float(plane), planeWidth: planeWidth, tilesY: tilesY, tilesX: tilesX,
                into: float(v), componentStride: cs)
        } else {
            transformInputTilesInSwift(
                plane, planeWidth: planeWidth, tilesY: tilesY, tilesX: tilesX, into: v, componentStride: cs)
        }
    }

    /// `transformInputTiles` in C at `level` (at most `WinogradKernels.level`).
    @inlinable
    static func transformInputTiles(
        level: Int32, _ plane: UnsafePointer<Float>, planeWidth: Int, tilesY: Int, tilesX: Int,
        into v: UnsafeMutablePointer<Float>, componentStride cs: Int
    ) {
        a1_f2x3_input_tiles(level, plane, planeWidth, tilesY, tilesX, v, cs)
    }

    /// `transformInputTiles` in Swift: Double's, and the reference the C transforms are tested against.
    @inlinable
    static func transformInputTilesInSwift<Scalar: TensorScalar>(
        _ plane: UnsafePointer<Scalar>, planeWidth: Int, tilesY: Int, tilesX: Int,
        into v: UnsafeMutablePointer<Scalar>, componentStride cs: Int
    ) {
        for i in 0..<tilesY {
            let r0 = plane + 2 &* i &* planeWidth
            let r1 = r0 + planeWidth, r2 = r1 + planeWidth, r3 = r2 + planeWidth
            let o = v + i &* tilesX
            // Rows of Bᵀ d: r0 − r2, r1 + r2, r2 − r1, r1 − r3.
            inputRowPass(r0, r2, subtract: true, tiles: tilesX, o, o + cs, o + 2 &* cs, o + 3 &* cs)
            inputRowPass(r1, r2, subtract: false, tiles: tilesX, o + 4 &* cs, o + 5 &* cs, o + 6 &* cs, o + 7 &* cs)
            inputRowPass(r2, r1, subtract: true, tiles: tilesX, o + 8 &* cs, o + 9 &* cs, o + 10 &* cs, o + 11 &* cs)
            inputRowPass(r1, r3, subtract: true, tiles: tilesX, o + 12 &* cs, o + 13 &* cs, o + 14 &* cs, o + 15 &* cs)
        }
    }

    /// Y = Aᵀ M A for every tile, plus `bias`, written to an output plane of
    /// `height`×`width` (blocks that stick out past an odd edge are cropped);
    /// with `relu`, max(0, ·) is applied as well.
    /// Float runs the C transforms, as `transformInputTiles` does.
    @inlinable
    public static func transformOutputTiles<Scalar: TensorScalar>(
        _ m: UnsafePointer<Scalar>, componentStride cs: Int, tilesY: Int, tilesX: Int,
        into y: UnsafeMutablePointer<Scalar>, height: Int, width: Int, bias: Scalar, relu: Bool
    ) {
        if Scalar.self == Float.self {
            transformOutputTiles(
                level: WinogradKernels.level, float(m), componentStride: cs, tilesY: tilesY, tilesX: tilesX,
                into: float(y), height: height, width: width, bias: Float(bias), relu: relu)
        } else {
            transformOutputTilesInSwift(
                m, componentStride: cs, tilesY: tilesY, tilesX: tilesX, into: y, height: height, width: width,
                bias: bias, relu: relu)
        }
    }

    /// `transformOutputTiles` in C at `level` (at most `WinogradKernels.level`).
    @inlinable
    static func transformOutputTiles(
        level: Int32, _ m: UnsafePointer<Float>, componentStride cs: Int, tilesY: Int, tilesX: Int,
        into y: UnsafeMutablePointer<Float>, height: Int, width: Int, bias: Float, relu: Bool
    ) {
        a1_f2x3_output_tiles(level, m, cs, tilesY, tilesX, y, height, width, bias, relu ? 1 : 0)
    }

    /// `transformOutputTiles` in Swift: Double's, and the C transforms' reference.
    @inlinable
    static func transformOutputTilesInSwift<Scalar: TensorScalar>(
        _ m: UnsafePointer<Scalar>, componentStride cs: Int, tilesY: Int, tilesX: Int,
        into y: UnsafeMutablePointer<Scalar>, height: Int, width: Int, bias: Scalar, relu: Bool
    ) {
        let fullColumns = width / 2
        for i in 0..<tilesY {
            let t = m + i &* tilesX
            let row0 = y + 2 &* i &* width
            let hasSecondRow = 2 &* i &+ 1 < height
            let row1 = hasSecondRow ? row0 + width : row0
            var start = 0
            if Scalar.self == Float.self {
                start = WinogradF2x3Float.outputRow(
                    float(t), componentStride: cs, tiles: tilesX, fullColumns: fullColumns, row0: float(row0),
                    row1: hasSecondRow ? float(row1) : nil, bias: Float(bias), relu: relu)
            }
            for j in start..<tilesX {
                // Aᵀ M: combine rows.
                let m00 = t[j], m01 = t[cs &+ j], m02 = t[2 &* cs &+ j], m03 = t[3 &* cs &+ j]
                let m10 = t[4 &* cs &+ j], m11 = t[5 &* cs &+ j], m12 = t[6 &* cs &+ j], m13 = t[7 &* cs &+ j]
                let m20 = t[8 &* cs &+ j], m21 = t[9 &* cs &+ j], m22 = t[10 &* cs &+ j], m23 = t[11 &* cs &+ j]
                let m30 = t[12 &* cs &+ j], m31 = t[13 &* cs &+ j], m32 = t[14 &* cs &+ j], m33 = t[15 &* cs &+ j]
                let s00 = m00 + m10 + m20, s01 = m01 + m11 + m21, s02 = m02 + m12 + m22, s03 = m03 + m13 + m23
                let s10 = m10 - m20 - m30, s11 = m11 - m21 - m31, s12 = m12 - m22 - m32, s13 = m13 - m23 - m33
                // (Aᵀ M) A: combine columns.
                var y00 = s00 + s01 + s02 + bias, y01 = s01 - s02 - s03 + bias
                var y10 = s10 + s11 + s12 + bias, y11 = s11 - s12 - s13 + bias
                if relu {
                    y00 = Swift.max(y00, 0); y01 = Swift.max(y01, 0)
                    y10 = Swift.max(y10, 0); y11 = Swift.max(y11, 0)
                }
                let x = 2 &* j
                row0[x] = y00
                if hasSecondRow { row1[x] = y10 }
                if j < fullColumns {
                    row0[x &+ 1] = y01
                    if hasSecondRow { row1[x &+ 1] = y11 }
                }
            }
        }
    }

    /// Second stage of the output-gradient transform for one combined row R:
    /// components (R₀, R₀ + R₁, R₀ − R₁, −R₁) of every tile.
    @inlinable @inline(__always)
    static func gradientRowPass<Scalar: TensorScalar>(
        _ p: UnsafePointer<Scalar>, _ q: UnsafePointer<Scalar>, mode: Int, tiles: Int,
        _ o0: UnsafeMutablePointer<Scalar>, _ o1: UnsafeMutablePointer<Scalar>,
        _ o2: UnsafeMutablePointer<Scalar>, _ o3: UnsafeMutablePointer<Scalar>
    ) {
        @inline(__always) func emit(_ j: Int, _ a: Scalar, _ b: Scalar) {
            o0[j] = a; o1[j] = a + b; o2[j] = a - b; o3[j] = -b
        }
        var start = 0
        if Scalar.self == Float.self {
            start = WinogradF2x3Float.gradientRowPass(
                float(p), float(q), mode: mode, tiles: tiles, float(o0), float(o1), float(o2), float(o3))
        }
        switch mode {
        case 0: for j in start..<tiles { emit(j, p[2 &* j], p[2 &* j &+ 1]) }
        case 1: for j in start..<tiles { emit(j, p[2 &* j] + q[2 &* j], p[2 &* j &+ 1] + q[2 &* j &+ 1]) }
        case 2: for j in start..<tiles { emit(j, p[2 &* j] - q[2 &* j], p[2 &* j &+ 1] - q[2 &* j &+ 1]) }
        default: for j in start..<tiles { emit(j, -q[2 &* j], -q[2 &* j &+ 1]) }
        }
    }

    /// dM = A dY Aᵀ for every tile of an output-gradient plane (`height`×`width`;
    /// positions past an odd edge count as 0). `scratch` holds 4·tilesY·tilesX
    /// scalars (used only when a side is odd, and not by Float's C transform).
    /// Float runs the C transforms, as `transformInputTiles` does.
    @inlinable
    public static func transformOutputGradientTiles<Scalar: TensorScalar>(
        _ dy: UnsafePointer<Scalar>, height: Int, width: Int, tilesY: Int, tilesX: Int,
        into dm: UnsafeMutablePointer<Scalar>, componentStride cs: Int, scratch: UnsafeMutablePointer<Scalar>
    ) {
        if Scalar.self == Float.self {
            transformOutputGradientTiles(
                level: WinogradKernels.level, float(dy), height: height, width: width, tilesY: tilesY, tilesX: tilesX,
                into: float(dm), componentStride: cs)
        } else {
            transformOutputGradientTilesInSwift(
                dy, height: height, width: width, tilesY: tilesY, tilesX: tilesX, into: dm, componentStride: cs,
                scratch: scratch)
        }
    }

    /// `transformOutputGradientTiles` in C at `level` (at most `WinogradKernels.level`).
    @inlinable
    static func transformOutputGradientTiles(
        level: Int32, _ dy: UnsafePointer<Float>, height: Int, width: Int, tilesY: Int, tilesX: Int,
        into dm: UnsafeMutablePointer<Float>, componentStride cs: Int
    ) {
        a1_f2x3_output_gradient_tiles(level, dy, height, width, tilesY, tilesX, dm, cs)
    }

    /// `transformOutputGradientTiles` in Swift: Double's, and the C transforms' reference.
    @inlinable
    static func transformOutputGradientTilesInSwift<Scalar: TensorScalar>(
        _ dy: UnsafePointer<Scalar>, height: Int, width: Int, tilesY: Int, tilesX: Int,
        into dm: UnsafeMutablePointer<Scalar>, componentStride cs: Int, scratch: UnsafeMutablePointer<Scalar>
    ) {
        var source = dy
        let rowWidth = 2 &* tilesX
        if height % 2 != 0 || width % 2 != 0 {
            scratch.update(repeating: 0, count: 4 &* tilesY &* tilesX)
            for r in 0..<height { (scratch + r &* rowWidth).update(from: dy + r &* width, count: width) }
            source = UnsafePointer(scratch)
        }
        for i in 0..<tilesY {
            let y0 = source + 2 &* i &* rowWidth, y1 = y0 + rowWidth
            let o = dm + i &* tilesX
            // Rows of A dY: y0, y0 + y1, y0 − y1, −y1.
            gradientRowPass(y0, y1, mode: 0, tiles: tilesX, o, o + cs, o + 2 &* cs, o + 3 &* cs)
            gradientRowPass(y0, y1, mode: 1, tiles: tilesX, o + 4 &* cs, o + 5 &* cs, o + 6 &* cs, o + 7 &* cs)
            gradientRowPass(y0, y1, mode: 2, tiles: tilesX, o + 8 &* cs, o + 9 &* cs, o + 10 &* cs, o + 11 &* cs)
            gradientRowPass(y0, y1, mode: 3, tiles: tilesX, o + 12 &* cs, o + 13 &* cs, o + 14 &* cs, o + 15 &* cs)
        }
    }

    /// Adds B dV Bᵀ of every tile onto a plane at row 2i, column 2j (the
    /// adjoint of `transformInputTiles`; overlapping tiles add up). The plane
    /// is `planeWidth` ≥ 2·tilesX + 2 wide; `scratch` holds 4·tilesX scalars
    /// (Double's only). Float runs the C transforms, as `transformInputTiles` does.
    @inlinable
    public static func accumulateInputGradientTiles<Scalar: TensorScalar>(
        _ dv: UnsafePointer<Scalar>, componentStride cs: Int, tilesY: Int, tilesX: Int,
        into plane: UnsafeMutablePointer<Scalar>, planeWidth: Int, scratch: UnsafeMutablePointer<Scalar>
    ) {
        if Scalar.self == Float.self {
            accumulateInputGradientTiles(
                level: WinogradKernels.level, float(dv), componentStride: cs, tilesY: tilesY, tilesX: tilesX,
                into: float(plane), planeWidth: planeWidth)
        } else {
            accumulateInputGradientTilesInSwift(
                dv, componentStride: cs, tilesY: tilesY, tilesX: tilesX, into: plane, planeWidth: planeWidth,
                scratch: scratch)
        }
    }

    /// `accumulateInputGradientTiles` in C at `level` (at most `WinogradKernels.level`).
    @inlinable
    static func accumulateInputGradientTiles(
        level: Int32, _ dv: UnsafePointer<Float>, componentStride cs: Int, tilesY: Int, tilesX: Int,
        into plane: UnsafeMutablePointer<Float>, planeWidth: Int
    ) {
        a1_f2x3_accumulate_input_gradient_tiles(level, dv, cs, tilesY, tilesX, plane, planeWidth)
    }

    /// `accumulateInputGradientTiles` in Swift: Double's, and the C transforms' reference.
    @inlinable
    static func accumulateInputGradientTilesInSwift<Scalar: TensorScalar>(
        _ dv: UnsafePointer<Scalar>, componentStride cs: Int, tilesY: Int, tilesX: Int,
        into plane: UnsafeMutablePointer<Scalar>, planeWidth: Int, scratch: UnsafeMutablePointer<Scalar>
    ) {
        let n = tilesX
        if Scalar.self == Float.self {
            for i in 0..<tilesY {
                for r in 0..<4 {
                    WinogradF2x3Float.inputGradientRow(
                        float(dv + i &* n), componentStride: cs, tiles: n, tileRow: r,
                        into: float(plane + (2 &* i &+ r) &* planeWidth))
                }
            }
            return
        }
        let e0 = scratch, e1 = scratch + n, e2 = e1 + n, e3 = e2 + n
        for i in 0..<tilesY {
            let t = dv + i &* n
            for r in 0..<4 {
                // Row r of B dV for each column b: (v0, v1 − v2 + v3, v1 + v2 − v0, −v3)[r].
                for b in 0..<4 {
                    let v0 = t + b &* cs, v1 = t + (4 &+ b) &* cs, v2 = t + (8 &+ b) &* cs, v3 = t + (12 &+ b) &* cs
                    let e = scratch + b &* n
                    switch r {
                    case 0: for j in 0..<n { e[j] = v0[j] }
                    case 1: for j in 0..<n { e[j] = v1[j] - v2[j] + v3[j] }
                    case 2: for j in 0..<n { e[j] = v1[j] + v2[j] - v0[j] }
                    default: for j in 0..<n { e[j] = -v3[j] }
                    }
                }
                // (B dV) Bᵀ along the row: tile j adds (e0, e1 − e2 + e3, e1 + e2 − e0, −e3)
                // at columns 2j…2j+3, so column 2j gets k0(j) + k2(j−1) and 2j+1 gets k1(j) + k3(j−1).
                let row = plane + (2 &* i &+ r) &* planeWidth
                row[0] += e0[0]
                row[1] += e1[0] - e2[0] + e3[0]
                for j in 1..<Swift.max(n, 1) {
                    row[2 &* j] += e0[j] + (e1[j &- 1] + e2[j &- 1] - e0[j &- 1])
                    row[2 &* j &+ 1] += (e1[j] - e2[j] + e3[j]) - e3[j &- 1]
                }
                row[2 &* n] += e1[n &- 1] + e2[n &- 1] - e0[n &- 1]
                row[2 &* n &+ 1] -= e3[n &- 1]
            }
        }
    }

    /// Σ p[0..<count] in a fixed order (vectorised for Float).
    @inlinable
    public static func sum<Scalar: TensorScalar>(_ p: UnsafePointer<Scalar>, count: Int) -> Scalar {
        if Scalar.self == Float.self { return Scalar(WinogradF2x3Float.sum(float(p), count: count)) }
        var total: Scalar = 0
        for i in 0..<count { total += p[i] }
        return total
    }
}
