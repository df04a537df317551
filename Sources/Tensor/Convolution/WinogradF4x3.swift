import CWinograd

/// Winograd F(4×4, 3×3) (Lavin & Gray, 2015, interpolation points 0, ±1, ±2, ∞):
/// 6×6 input tiles overlapping by two give 4×4 output blocks,
///
///     Y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A,
///
///     Bᵀ = | 4  0 −5  0  1  0 |   G = |  1/4     0     0  |   Aᵀ = | 1  1  1  1  1  0 |
///          | 0 −4 −4  1  1  0 |       | −1/6  −1/6  −1/6  |        | 0  1 −1  2 −2  0 |
///          | 0  4 −4 −1  1  0 |       | −1/6   1/6  −1/6  |        | 0  1  1  4  4  0 |
///          | 0 −2 −1  2  1  0 |       | 1/24  1/12   1/6  |        | 0  1 −1  8 −8  1 |
///          | 0  2 −1 −2  1  0 |       | 1/24 −1/12   1/6  |
///          | 0  4  0 −5  0  1 |       |    0     0     1  |
///
/// 36 multiplications per 16 outputs instead of 144 (F(2×2, 3×3): 16 per 4).
/// As there, the backward pass is the exact adjoint: dM = A dY Aᵀ,
/// dd = B dV Bᵀ (overlap-added), dg = Gᵀ dU G. Component ξ = 6a + b.
///
/// The 2-D transforms are separable: each runs a 1-D transform along rows
/// (a "horizontal" pass, which needs 6-wide windows every 4 columns) and one
/// down columns (a "vertical" pass over contiguous per-tile rows), generic
/// over `WinogradLane` so blocks of four tiles run as SIMD4<Float>.
public enum WinogradF4x3 {
    // MARK: 1-D transforms

    /// Bᵀ d.
    @inline(__always) @usableFromInline
    static func input<L: WinogradLane>(_ d0: L, _ d1: L, _ d2: L, _ d3: L, _ d4: L, _ d5: L) -> (L, L, L, L, L, L) {
        let four = L.Element(4), five = L.Element(5), two = L.Element(2)
        let d12 = d1 + d2, d1m2 = d1 - d2, d13 = d1 - d3
        return (d0 * four - d2 * five + d4,
                d3 + d4 - d12 * four,
                d4 - d3 + d1m2 * four,
                d4 - d2 - d13 * two,
                d4 - d2 + d13 * two,
                d1 * four - d3 * five + d5)
    }

    /// B v (the adjoint of `input`).
    @inline(__always) @usableFromInline
    static func inputAdjoint<L: WinogradLane>(_ v0: L, _ v1: L, _ v2: L, _ v3: L, _ v4: L, _ v5: L) -> (L, L, L, L, L, L) {
        let four = L.Element(4), five = L.Element(5), two = L.Element(2)
        let v34 = v3 - v4, v3p4 = v3 + v4, v12 = v1 - v2, v1p2 = v1 + v2
        return (v0 * four,
                (v5 - v12) * four - v34 * two,
                -(v0 * five) - v1p2 * four - v3p4,
                v12 + v34 * two - v5 * five,
                v0 + v1p2 + v3p4,
                v5)
    }

    /// Aᵀ m.
    @inline(__always) @usableFromInline
    static func output<L: WinogradLane>(_ m0: L, _ m1: L, _ m2: L, _ m3: L, _ m4: L, _ m5: L) -> (L, L, L, L) {
        let a = m1 + m2, b = m1 - m2, c = m3 + m4, d = m3 - m4
        return (m0 + a + c, b + d * L.Element(2), a + c * L.Element(4), b + d * L.Element(8) + m5)
    }

    /// A y (the adjoint of `output`).
    @inline(__always) @usableFromInline
    static func outputAdjoint<L: WinogradLane>(_ y0: L, _ y1: L, _ y2: L, _ y3: L) -> (L, L, L, L, L, L) {
        let even1 = y0 + y2, odd1 = y1 + y3
        let even2 = y0 + y2 * L.Element(4), odd2 = (y1 + y3 * L.Element(4)) * L.Element(2)
        return (y0, even1 + odd1, even1 - odd1, even2 + odd2, even2 - odd2, y3)
    }

    // MARK: Weights

    /// G (6×3), row-major.
    @usableFromInline
    static let gMatrix: [Double] = [
        1.0 / 4, 0, 0, -1.0 / 6, -1.0 / 6, -1.0 / 6, -1.0 / 6, 1.0 / 6, -1.0 / 6,
        1.0 / 24, 1.0 / 12, 1.0 / 6, 1.0 / 24, -1.0 / 12, 1.0 / 6, 0, 0, 1,
    ]

    /// (co, ci) pairs per task of the weight transforms, which split the pairs
    /// between the workers (each pair about a hundred cycles, in Double).
    @usableFromInline static var pairsPerTask: Int { 2048 }

    /// U[ξ][co][ci] = (G g[co][ci] Gᵀ)[ξ] for weights [cout][cin][3][3].
    /// Computed in Double and rounded once.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    @inlinable
    public static func transformWeights<Scalar: TensorScalar>(
        _ g: UnsafePointer<Scalar>, outputChannels: Int, inputChannels: Int, into u: UnsafeMutablePointer<Scalar>
    ) {
        let stride = outputChannels * inputChannels
        gMatrix.withUnsafeBufferPointer { gm in
          forEachParallelRange(stride, grain: pairsPerTask) { pairs in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: 18) { gg in  // G g, 6×3
                for k in pairs {
                    let w = g + 9 * k
                    for a in 0..<6 {
                        for c in 0..<3 {
                            gg[3 * a + c] = gm[3 * a] * Double(w[c]) + gm[3 * a + 1] * Double(w[3 + c]) + gm[3 * a + 2] * Double(w[6 + c])
                        }
                    }
                    for a in 0..<6 {
                        for b in 0..<6 {
                            let value = gg[3 * a] * gm[3 * b] + gg[3 * a + 1] * gm[3 * b + 1] + gg[3 * a + 2] * gm[3 * b + 2]
                            u[(6 * a + b) * stride + k] = Scalar(value)
                        }
                    }
                }
            }
          }
        }
    }

    /// dg[co][ci] = Gᵀ dU[·][co][ci] G.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    @inlinable
    public static func weightGradient<Scalar: TensorScalar>(
        fromTransformed du: UnsafePointer<Scalar>, outputChannels: Int, inputChannels: Int,
        into dg: UnsafeMutablePointer<Scalar>
    ) {
        let stride = outputChannels * inputChannels
        gMatrix.withUnsafeBufferPointer { gm in
          forEachParallelRange(stride, grain: pairsPerTask) { pairs in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: 18) { t in  // Gᵀ dU, 3×6
                for k in pairs {
                    for r in 0..<3 {
                        for b in 0..<6 {
                            var sum = 0.0
                            for a in 0..<6 { sum += gm[3 * a + r] * Double(du[(6 * a + b) * stride + k]) }
                            t[6 * r + b] = sum
                        }
                    }
                    for r in 0..<3 {
                        for c in 0..<3 {
                            var sum = 0.0
                            for b in 0..<6 { sum += t[6 * r + b] * gm[3 * b + c] }
                            dg[9 * k + 3 * r + c] = Scalar(sum)
                        }
                    }
                }
            }
          }
        }
    }

    // MARK: Tile transforms

    /// Horizontal pass of the input transform for one padded row: for each
    /// tile j, (d B) of the row's 6-wide window at column 4j, component b
    /// stored at h[b · tiles + j].
    @inline(__always) @usableFromInline
    static func inputRow<L: WinogradLane>(
        _: L.Type, _ row: UnsafePointer<L.Element>, _ h: UnsafeMutablePointer<L.Element>, tiles: Int, at j: Int
    ) {
        let (d0, d1, d2, d3, d4, d5) = L.loadWindows6(row + 4 &* j)
        let o = input(d0, d1, d2, d3, d4, d5)
        let p = h + j
        o.0.store(p); o.1.store(p + tiles); o.2.store(p + 2 &* tiles)
        o.3.store(p + 3 &* tiles); o.4.store(p + 4 &* tiles); o.5.store(p + 5 &* tiles)
    }

    /// Vertical pass of the input transform for tile row i: Bᵀ over the six
    /// horizontal results of rows 4i…4i+5, giving component (a, b).
    @inline(__always) @usableFromInline
    static func inputColumn<L: WinogradLane>(
        _: L.Type, _ h: UnsafePointer<L.Element>, rowStride: Int, _ v: UnsafeMutablePointer<L.Element>,
        componentStride cs: Int, b: Int, at j: Int
    ) {
        let p = h + j
        let o = input(L.load(p), L.load(p + rowStride), L.load(p + 2 &* rowStride), L.load(p + 3 &* rowStride),
                      L.load(p + 4 &* rowStride), L.load(p + 5 &* rowStride))
        let q = v + (b &* cs &+ j)
        o.0.store(q); o.1.store(q + 6 &* cs); o.2.store(q + 12 &* cs)
        o.3.store(q + 18 &* cs); o.4.store(q + 24 &* cs); o.5.store(q + 30 &* cs)
    }

    /// V = Bᵀ d B for every 6×6 tile of a zero-padded plane (tile (i, j) at row
    /// 4i, column 4j; the plane is `planeWidth` ≥ 4·tilesX + 2 wide, 4·tilesY + 2
    /// rows tall, and readable 8 scalars past its end). Component ξ of tile
    /// (i, j) goes to v[ξ · componentStride + i · tilesX + j]. `scratch` holds
    /// (4·tilesY + 2) · 6 · tilesX scalars.
    /// Float runs the C transforms at the widest vectors the CPU has (the
    /// same values; see `WinogradKernels`).
    @inlinable
    public static func transformInputTiles<Scalar: TensorScalar>(
        _ plane: UnsafePointer<Scalar>, planeWidth: Int, tilesY: Int, tilesX: Int,
        into v: UnsafeMutablePointer<Scalar>, componentStride cs: Int, scratch: UnsafeMutablePointer<Scalar>
    ) {
        if Scalar.self == Float.self {
            a1_f4x3_input_tiles(
                WinogradKernels.level, f(plane), planeWidth, tilesY, tilesX, fm(v), cs, fm(scratch))
        } else {
            transformInputTilesInSwift(
                plane, planeWidth: planeWidth, tilesY: tilesY, tilesX: tilesX, into: v, componentStride: cs,
                scratch: scratch)
        }
    }

    /// `transformInputTiles` in Swift: Double's, and the reference the C transforms are tested against.
    @inlinable
    static func transformInputTilesInSwift<Scalar: TensorScalar>(
        _ plane: UnsafePointer<Scalar>, planeWidth: Int, tilesY: Int, tilesX: Int,
        into v: UnsafeMutablePointer<Scalar>, componentStride cs: Int, scratch: UnsafeMutablePointer<Scalar>
    ) {
        let n = tilesX, rowStride = 6 &* n
        for y in 0..<(4 &* tilesY &+ 2) {
            let row = plane + y &* planeWidth, h = scratch + y &* rowStride
            if Scalar.self == Float.self {
                var j = 0
                while j &+ 4 <= n { inputRow(SIMD4<Float>.self, f(row), fm(h), tiles: n, at: j); j &+= 4 }
                while j < n { inputRow(Float.self, f(row), fm(h), tiles: n, at: j); j &+= 1 }
            } else {
                for j in 0..<n { inputRow(Double.self, d(row), dm(h), tiles: n, at: j) }
            }
        }
        for i in 0..<tilesY {
            let h = scratch + 4 &* i &* rowStride, out = v + i &* n
            for b in 0..<6 {
                let hb = h + b &* n
                if Scalar.self == Float.self {
                    var j = 0
                    while j &+ 4 <= n { inputColumn(SIMD4<Float>.self, f(hb), rowStride: rowStride, fm(out), componentStride: cs, b: b, at: j); j &+= 4 }
                    while j < n { inputColumn(Float.self, f(hb), rowStride: rowStride, fm(out), componentStride: cs, b: b, at: j); j &+= 1 }
                } else {
                    for j in 0..<n { inputColumn(Double.self, d(hb), rowStride: rowStride, dm(out), componentStride: cs, b: b, at: j) }
                }
            }
        }
    }

    /// Vertical pass of the output transform: Aᵀ down component column b,
    /// four rows stored at s[(r · 6 + b) · tiles + j].
    @inline(__always) @usableFromInline
    static func outputColumn<L: WinogradLane>(
        _: L.Type, _ m: UnsafePointer<L.Element>, componentStride cs: Int, _ s: UnsafeMutablePointer<L.Element>,
        tiles: Int, b: Int, at j: Int
    ) {
        let p = m + (b &* cs &+ j)
        let o = output(L.load(p), L.load(p + 6 &* cs), L.load(p + 12 &* cs), L.load(p + 18 &* cs),
                       L.load(p + 24 &* cs), L.load(p + 30 &* cs))
        let q = s + (b &* tiles &+ j), rs = 6 &* tiles
        o.0.store(q); o.1.store(q + rs); o.2.store(q + 2 &* rs); o.3.store(q + 3 &* rs)
    }

    /// Horizontal pass of the output transform for one output row: Aᵀ along
    /// the row's six components, plus bias (and ReLU), four outputs per tile.
    @inline(__always) @usableFromInline
    static func outputRow<L: WinogradLane>(
        _: L.Type, _ s: UnsafePointer<L.Element>, tiles: Int, _ row: UnsafeMutablePointer<L.Element>,
        bias: L.Element, relu: Bool, width: Int, at j: Int
    ) {
        let p = s + j
        var (y0, y1, y2, y3) = output(L.load(p), L.load(p + tiles), L.load(p + 2 &* tiles), L.load(p + 3 &* tiles),
                                      L.load(p + 4 &* tiles), L.load(p + 5 &* tiles))
        let b = L(repeating: bias)
        y0 = y0 + b; y1 = y1 + b; y2 = y2 + b; y3 = y3 + b
        if relu { y0 = y0.rectified; y1 = y1.rectified; y2 = y2.rectified; y3 = y3.rectified }
        let x = 4 &* j
        if x &+ 4 &* L.width <= width {
            L.storeWindows4(row + x, y0, y1, y2, y3)
        } else {
            // A single tile cut by the right edge (only happens with one-tile lanes).
            let values = [y0, y1, y2, y3]
            for c in 0..<Swift.min(4, width &- x) { values[c].store(row + (x &+ c)) }
        }
    }

    /// Y = Aᵀ M A + bias (then max(0, ·) with `relu`) for every tile, written
    /// into an output plane of `height`×`width` (cropping blocks past the
    /// edges). `scratch` holds 24 · tilesX scalars.
    /// Float runs the C transforms, as `transformInputTiles` does.
    @inlinable
    public static func transformOutputTiles<Scalar: TensorScalar>(
        _ m: UnsafePointer<Scalar>, componentStride cs: Int, tilesY: Int, tilesX: Int,
        into y: UnsafeMutablePointer<Scalar>, height: Int, width: Int, bias: Scalar, relu: Bool,
        scratch: UnsafeMutablePointer<Scalar>
    ) {
        if Scalar.self == Float.self {
            a1_f4x3_output_tiles(
                WinogradKernels.level, f(m), cs, tilesY, tilesX, fm(y), height, width, Float(bias), relu ? 1 : 0,
                fm(scratch))
        } else {
            transformOutputTilesInSwift(
                m, componentStride: cs, tilesY: tilesY, tilesX: tilesX, into: y, height: height, width: width,
                bias: bias, relu: relu, scratch: scratch)
        }
    }

    /// `transformOutputTiles` in Swift: Double's, and the C transforms' reference.
    @inlinable
    static func transformOutputTilesInSwift<Scalar: TensorScalar>(
        _ m: UnsafePointer<Scalar>, componentStride cs: Int, tilesY: Int, tilesX: Int,
        into y: UnsafeMutablePointer<Scalar>, height: Int, width: Int, bias: Scalar, relu: Bool,
        scratch: UnsafeMutablePointer<Scalar>
    ) {
        let n = tilesX
        // Tiles whose four columns all fit; the SIMD blocks must stay among them.
        let fullTiles = width / 4
        for i in 0..<tilesY {
            let t = m + i &* n
            for b in 0..<6 {
                if Scalar.self == Float.self {
                    var j = 0
                    while j &+ 4 <= n { outputColumn(SIMD4<Float>.self, f(t), componentStride: cs, fm(scratch), tiles: n, b: b, at: j); j &+= 4 }
                    while j < n { outputColumn(Float.self, f(t), componentStride: cs, fm(scratch), tiles: n, b: b, at: j); j &+= 1 }
                } else {
                    for j in 0..<n { outputColumn(Double.self, d(t), componentStride: cs, dm(scratch), tiles: n, b: b, at: j) }
                }
            }
            for r in 0..<Swift.min(4, height &- 4 &* i) {
                let row = y + (4 &* i &+ r) &* width, s = scratch + r &* 6 &* n
                var j = 0
                if Scalar.self == Float.self {
                    while j &+ 4 <= fullTiles {
                        outputRow(SIMD4<Float>.self, f(s), tiles: n, fm(row), bias: Float(bias), relu: relu, width: width, at: j)
                        j &+= 4
                    }
                    while j < n {
                        outputRow(Float.self, f(s), tiles: n, fm(row), bias: Float(bias), relu: relu, width: width, at: j)
                        j &+= 1
                    }
                } else {
                    while j < n {
                        outputRow(Double.self, d(s), tiles: n, dm(row), bias: Double(bias), relu: relu, width: width, at: j)
                        j &+= 1
                    }
                }
            }
        }
    }

    /// Horizontal pass of the output-gradient transform for one row: A along
    /// the row's 4-wide blocks, six components per tile.
    @inline(__always) @usableFromInline
    static func gradientRow<L: WinogradLane>(
        _: L.Type, _ row: UnsafePointer<L.Element>, _ h: UnsafeMutablePointer<L.Element>, tiles: Int, at j: Int
    ) {
        let (y0, y1, y2, y3) = L.loadWindows4(row + 4 &* j)
        let o = outputAdjoint(y0, y1, y2, y3)
        let p = h + j
        o.0.store(p); o.1.store(p + tiles); o.2.store(p + 2 &* tiles)
        o.3.store(p + 3 &* tiles); o.4.store(p + 4 &* tiles); o.5.store(p + 5 &* tiles)
    }

    /// Vertical pass of the output-gradient transform for tile row i.
    @inline(__always) @usableFromInline
    static func gradientColumn<L: WinogradLane>(
        _: L.Type, _ h: UnsafePointer<L.Element>, rowStride: Int, _ dm: UnsafeMutablePointer<L.Element>,
        componentStride cs: Int, b: Int, at j: Int
    ) {
        let p = h + j
        let o = outputAdjoint(L.load(p), L.load(p + rowStride), L.load(p + 2 &* rowStride), L.load(p + 3 &* rowStride))
        let q = dm + (b &* cs &+ j)
        o.0.store(q); o.1.store(q + 6 &* cs); o.2.store(q + 12 &* cs)
        o.3.store(q + 18 &* cs); o.4.store(q + 24 &* cs); o.5.store(q + 30 &* cs)
    }

    /// dM = A dY Aᵀ for every tile of an output-gradient plane (`height`×`width`,
    /// zeros past the edges). `scratch` holds 16·tilesY·tilesX + 24·tilesY·tilesX scalars.
    /// Float runs the C transforms, as `transformInputTiles` does.
    @inlinable
    public static func transformOutputGradientTiles<Scalar: TensorScalar>(
        _ dy: UnsafePointer<Scalar>, height: Int, width: Int, tilesY: Int, tilesX: Int,
        into dm: UnsafeMutablePointer<Scalar>, componentStride cs: Int, scratch: UnsafeMutablePointer<Scalar>
    ) {
        if Scalar.self == Float.self {
            a1_f4x3_output_gradient_tiles(
                WinogradKernels.level, f(dy), height, width, tilesY, tilesX, fm(dm), cs, fm(scratch))
        } else {
            transformOutputGradientTilesInSwift(
                dy, height: height, width: width, tilesY: tilesY, tilesX: tilesX, into: dm, componentStride: cs,
                scratch: scratch)
        }
    }

    /// `transformOutputGradientTiles` in Swift: Double's, and the C transforms' reference.
    @inlinable
    static func transformOutputGradientTilesInSwift<Scalar: TensorScalar>(
        _ dy: UnsafePointer<Scalar>, height: Int, width: Int, tilesY: Int, tilesX: Int,
        into dm: UnsafeMutablePointer<Scalar>, componentStride cs: Int, scratch: UnsafeMutablePointer<Scalar>
    ) {
        let n = tilesX, rowWidth = 4 &* n, rows = 4 &* tilesY, rowStride = 6 &* n
        var source = dy, sourceWidth = width
        var h = scratch
        if height != rows || width != rowWidth {
            scratch.update(repeating: 0, count: rows &* rowWidth)
            for r in 0..<height { (scratch + r &* rowWidth).update(from: dy + r &* width, count: width) }
            source = UnsafePointer(scratch)
            sourceWidth = rowWidth
            h = scratch + rows &* rowWidth
        }
        for r in 0..<rows {
            let row = source + r &* sourceWidth, hr = h + r &* rowStride
            if Scalar.self == Float.self {
                var j = 0
                while j &+ 4 <= n { gradientRow(SIMD4<Float>.self, f(row), fm(hr), tiles: n, at: j); j &+= 4 }
                while j < n { gradientRow(Float.self, f(row), fm(hr), tiles: n, at: j); j &+= 1 }
            } else {
                for j in 0..<n { gradientRow(Double.self, d(row), Self.dm(hr), tiles: n, at: j) }
            }
        }
        for i in 0..<tilesY {
            let hi = h + 4 &* i &* rowStride, out = dm + i &* n
            for b in 0..<6 {
                let hb = hi + b &* n
                if Scalar.self == Float.self {
                    var j = 0
                    while j &+ 4 <= n { gradientColumn(SIMD4<Float>.self, f(hb), rowStride: rowStride, fm(out), componentStride: cs, b: b, at: j); j &+= 4 }
                    while j < n { gradientColumn(Float.self, f(hb), rowStride: rowStride, fm(out), componentStride: cs, b: b, at: j); j &+= 1 }
                } else {
                    for j in 0..<n { gradientColumn(Double.self, d(hb), rowStride: rowStride, Self.dm(out), componentStride: cs, b: b, at: j) }
                }
            }
        }
    }

    /// Vertical pass of the input-gradient transform: B down component column b.
    @inline(__always) @usableFromInline
    static func inputGradientColumn<L: WinogradLane>(
        _: L.Type, _ dv: UnsafePointer<L.Element>, componentStride cs: Int, _ s: UnsafeMutablePointer<L.Element>,
        tiles: Int, b: Int, at j: Int
    ) {
        let p = dv + (b &* cs &+ j)
        let o = inputAdjoint(L.load(p), L.load(p + 6 &* cs), L.load(p + 12 &* cs), L.load(p + 18 &* cs),
                             L.load(p + 24 &* cs), L.load(p + 30 &* cs))
        let q = s + (b &* tiles &+ j), rs = 6 &* tiles
        o.0.store(q); o.1.store(q + rs); o.2.store(q + 2 &* rs)
        o.3.store(q + 3 &* rs); o.4.store(q + 4 &* rs); o.5.store(q + 5 &* rs)
    }

    /// Horizontal pass of the input-gradient transform for one plane row:
    /// B along the six components, overlap-added at columns 4j…4j+5.
    @inline(__always) @usableFromInline
    static func inputGradientRow<L: WinogradLane>(
        _: L.Type, _ s: UnsafePointer<L.Element>, tiles: Int, _ row: UnsafeMutablePointer<L.Element>,
        carry: inout (L.Element, L.Element), at j: Int
    ) {
        let p = s + j
        let o = inputAdjoint(L.load(p), L.load(p + tiles), L.load(p + 2 &* tiles), L.load(p + 3 &* tiles),
                             L.load(p + 4 &* tiles), L.load(p + 5 &* tiles))
        // Columns 4 and 5 of a tile are columns 0 and 1 of the next.
        let c0 = o.0 + o.4.shifted(in: carry.0), c1 = o.1 + o.5.shifted(in: carry.1)
        L.addWindows4(row + 4 &* j, c0, c1, o.2, o.3)
        carry = (o.4.last, o.5.last)
    }

    /// Adds B dV Bᵀ of every tile onto a plane at row 4i, column 4j (the
    /// adjoint of `transformInputTiles`). `scratch` holds 36 · tilesX scalars.
    /// Float runs the C transforms, as `transformInputTiles` does.
    @inlinable
    public static func accumulateInputGradientTiles<Scalar: TensorScalar>(
        _ dv: UnsafePointer<Scalar>, componentStride cs: Int, tilesY: Int, tilesX: Int,
        into plane: UnsafeMutablePointer<Scalar>, planeWidth: Int, scratch: UnsafeMutablePointer<Scalar>
    ) {
        if Scalar.self == Float.self {
            a1_f4x3_accumulate_input_gradient_tiles(
                WinogradKernels.level, f(dv), cs, tilesY, tilesX, fm(plane), planeWidth, fm(scratch))
        } else {
            accumulateInputGradientTilesInSwift(
                dv, componentStride: cs, tilesY: tilesY, tilesX: tilesX, into: plane, planeWidth: planeWidth,
                scratch: scratch)
        }
    }

    /// `accumulateInputGradientTiles` in Swift: Double's, and the C transforms' reference.
    @inlinable
    static func accumulateInputGradientTilesInSwift<Scalar: TensorScalar>(
        _ dv: UnsafePointer<Scalar>, componentStride cs: Int, tilesY: Int, tilesX: Int,
        into plane: UnsafeMutablePointer<Scalar>, planeWidth: Int, scratch: UnsafeMutablePointer<Scalar>
    ) {
        let n = tilesX
        for i in 0..<tilesY {
            let t = dv + i &* n
            for b in 0..<6 {
                if Scalar.self == Float.self {
                    var j = 0
                    while j &+ 4 <= n { inputGradientColumn(SIMD4<Float>.self, f(t), componentStride: cs, fm(scratch), tiles: n, b: b, at: j); j &+= 4 }
                    while j < n { inputGradientColumn(Float.self, f(t), componentStride: cs, fm(scratch), tiles: n, b: b, at: j); j &+= 1 }
                } else {
                    for j in 0..<n { inputGradientColumn(Double.self, d(t), componentStride: cs, dm(scratch), tiles: n, b: b, at: j) }
                }
            }
            for k in 0..<6 {
                let row = plane + (4 &* i &+ k) &* planeWidth, s = scratch + k &* 6 &* n
                if Scalar.self == Float.self {
                    var carry: (Float, Float) = (0, 0)
                    var j = 0
                    while j &+ 4 <= n { inputGradientRow(SIMD4<Float>.self, f(s), tiles: n, fm(row), carry: &carry, at: j); j &+= 4 }
                    while j < n { inputGradientRow(Float.self, f(s), tiles: n, fm(row), carry: &carry, at: j); j &+= 1 }
                    fm(row)[4 &* n] += carry.0
                    fm(row)[4 &* n &+ 1] += carry.1
                } else {
                    var carry: (Double, Double) = (0, 0)
                    for j in 0..<n { inputGradientRow(Double.self, d(s), tiles: n, dm(row), carry: &carry, at: j) }
                    dm(row)[4 &* n] += carry.0
                    dm(row)[4 &* n &+ 1] += carry.1
                }
            }
        }
    }

    @inline(__always) @usableFromInline
    static func f<Scalar>(_ p: UnsafePointer<Scalar>) -> UnsafePointer<Float> { UnsafeRawPointer(p).assumingMemoryBound(to: Float.self) }
    @inline(__always) @usableFromInline
    static func fm<Scalar>(_ p: UnsafeMutablePointer<Scalar>) -> UnsafeMutablePointer<Float> {
        UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self)
    }
    @inline(__always) @usableFromInline
    static func d<Scalar>(_ p: UnsafePointer<Scalar>) -> UnsafePointer<Double> { UnsafeRawPointer(p).assumingMemoryBound(to: Double.self) }
    @inline(__always) @usableFromInline
    static func dm<Scalar>(_ p: UnsafeMutablePointer<Scalar>) -> UnsafeMutablePointer<Double> {
        UnsafeMutableRawPointer(p).assumingMemoryBound(to: Double.self)
    }
}
