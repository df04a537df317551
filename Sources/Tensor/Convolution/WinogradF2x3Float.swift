/// Float versions of the F(2×2, 3×3) tile transforms with explicit SIMD,
/// four tiles at a time (the Swift versions in `WinogradF2x3`, the C
/// transforms' reference, call these when Scalar is Float and finish any
/// remainder themselves), and the Float `sum`.
@usableFromInline
enum WinogradF2x3Float {
    @inline(__always) static func load4(_ p: UnsafePointer<Float>) -> SIMD4<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self)
    }
    @inline(__always) static func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }
    @inline(__always) static func store4(_ p: UnsafeMutablePointer<Float>, _ v: SIMD4<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Float>.self)
    }
    @inline(__always) static func store8(_ p: UnsafeMutablePointer<Float>, _ v: SIMD8<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
    }
    /// (a0, b0, a1, b1, a2, b2, a3, b3).
    @inline(__always) static func interleave(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD8<Float> {
        SIMD8(a[0], b[0], a[1], b[1], a[2], b[2], a[3], b[3])
    }

    /// `WinogradF2x3.inputRowPass` for tiles 0..<(tiles rounded down to 4); returns how many it did.
    @usableFromInline
    static func inputRowPass(
        _ p: UnsafePointer<Float>, _ q: UnsafePointer<Float>, subtract: Bool, tiles: Int,
        _ o0: UnsafeMutablePointer<Float>, _ o1: UnsafeMutablePointer<Float>,
        _ o2: UnsafeMutablePointer<Float>, _ o3: UnsafeMutablePointer<Float>
    ) -> Int {
        var j = 0
        while j &+ 4 <= tiles {
            let x = 2 &* j
            let a: SIMD8<Float>, b: SIMD8<Float>
            if subtract {
                a = load8(p + x) - load8(q + x)
                b = load8(p + (x &+ 2)) - load8(q + (x &+ 2))
            } else {
                a = load8(p + x) + load8(q + x)
                b = load8(p + (x &+ 2)) + load8(q + (x &+ 2))
            }
            let d0 = a.evenHalf, d1 = a.oddHalf, d2 = b.evenHalf, d3 = b.oddHalf
            store4(o0 + j, d0 - d2)
            store4(o1 + j, d1 + d2)
            store4(o2 + j, d2 - d1)
            store4(o3 + j, d1 - d3)
            j &+= 4
        }
        return j
    }

    /// `WinogradF2x3.transformOutputTiles` for one row of tiles, blocks of four
    /// tiles whose 2×2 outputs lie inside the plane; returns the tiles done.
    @usableFromInline
    static func outputRow(
        _ t: UnsafePointer<Float>, componentStride cs: Int, tiles: Int, fullColumns: Int,
        row0: UnsafeMutablePointer<Float>, row1: UnsafeMutablePointer<Float>?, bias: Float, relu: Bool
    ) -> Int {
        let limit = Swift.min(tiles, fullColumns)
        let b4 = SIMD4<Float>(repeating: bias)
        let zero = SIMD8<Float>(repeating: 0)
        var j = 0
        while j &+ 4 <= limit {
            let p = t + j
            // Aᵀ M, column by column: s0b = m0b + m1b + m2b, s1b = m1b − m2b − m3b.
            var s00 = load4(p), s01 = load4(p + cs), s02 = load4(p + 2 &* cs), s03 = load4(p + 3 &* cs)
            var s10 = load4(p + 4 &* cs), s11 = load4(p + 5 &* cs), s12 = load4(p + 6 &* cs), s13 = load4(p + 7 &* cs)
            s00 += s10; s01 += s11; s02 += s12; s03 += s13
            let m20 = load4(p + 8 &* cs), m21 = load4(p + 9 &* cs), m22 = load4(p + 10 &* cs), m23 = load4(p + 11 &* cs)
            s00 += m20; s01 += m21; s02 += m22; s03 += m23
            s10 -= m20; s11 -= m21; s12 -= m22; s13 -= m23
            s10 -= load4(p + 12 &* cs); s11 -= load4(p + 13 &* cs); s12 -= load4(p + 14 &* cs); s13 -= load4(p + 15 &* cs)
            // (Aᵀ M) A: (s0 + s1 + s2, s1 − s2 − s3) along each row.
            var y0 = interleave(s00 + s01 + s02 + b4, s01 - s02 - s03 + b4)
            if relu { y0 = pointwiseMax(y0, zero) }
            store8(row0 + 2 &* j, y0)
            if let row1 {
                var y1 = interleave(s10 + s11 + s12 + b4, s11 - s12 - s13 + b4)
                if relu { y1 = pointwiseMax(y1, zero) }
                store8(row1 + 2 &* j, y1)
            }
            j &+= 4
        }
        return j
    }

    /// `WinogradF2x3.gradientRowPass` for blocks of four tiles; returns the tiles done.
    @usableFromInline
    static func gradientRowPass(
        _ p: UnsafePointer<Float>, _ q: UnsafePointer<Float>, mode: Int, tiles: Int,
        _ o0: UnsafeMutablePointer<Float>, _ o1: UnsafeMutablePointer<Float>,
        _ o2: UnsafeMutablePointer<Float>, _ o3: UnsafeMutablePointer<Float>
    ) -> Int {
        var j = 0
        while j &+ 4 <= tiles {
            let x = 2 &* j
            let r: SIMD8<Float>
            switch mode {
            case 0: r = load8(p + x)
            case 1: r = load8(p + x) + load8(q + x)
            case 2: r = load8(p + x) - load8(q + x)
            default: r = -load8(q + x)
            }
            let a = r.evenHalf, b = r.oddHalf
            store4(o0 + j, a)
            store4(o1 + j, a + b)
            store4(o2 + j, a - b)
            store4(o3 + j, -b)
            j &+= 4
        }
        return j
    }

    /// `WinogradF2x3.accumulateInputGradientTiles` for one row of tiles and
    /// one row r of the 4×4 tile: adds every tile's contribution to `row`.
    @usableFromInline
    static func inputGradientRow(
        _ t: UnsafePointer<Float>, componentStride cs: Int, tiles n: Int, tileRow r: Int,
        into row: UnsafeMutablePointer<Float>
    ) {
        @inline(__always) func e(_ b: Int, _ j: Int) -> SIMD4<Float> {
            let v = t + (j &+ b &* cs)
            switch r {
            case 0: return load4(v)
            case 1: return load4(v + 4 &* cs) - load4(v + 8 &* cs) + load4(v + 12 &* cs)
            case 2: return load4(v + 4 &* cs) + load4(v + 8 &* cs) - load4(v)
            default: return -load4(v + 12 &* cs)
            }
        }
        @inline(__always) func eScalar(_ b: Int, _ j: Int) -> Float {
            let v = t + (j &+ b &* cs)
            switch r {
            case 0: return v[0]
            case 1: return v[4 &* cs] - v[8 &* cs] + v[12 &* cs]
            case 2: return v[4 &* cs] + v[8 &* cs] - v[0]
            default: return -v[12 &* cs]
            }
        }
        // Tile j adds (k0, k1, k2, k3) = (e0, e1 − e2 + e3, e1 + e2 − e0, −e3) at
        // columns 2j…2j+3; k2 and k3 spill into the next tile's columns.
        var carry2: Float = 0, carry3: Float = 0
        var j = 0
        while j &+ 4 <= n {
            let e0 = e(0, j), e1 = e(1, j), e2 = e(2, j), e3 = e(3, j)
            let k0 = e0, k1 = e1 - e2 + e3, k2 = e1 + e2 - e0, k3 = -e3
            let even = k0 + SIMD4(carry2, k2[0], k2[1], k2[2])
            let odd = k1 + SIMD4(carry3, k3[0], k3[1], k3[2])
            let destination = row + 2 &* j
            store8(destination, load8(destination) + interleave(even, odd))
            carry2 = k2[3]
            carry3 = k3[3]
            j &+= 4
        }
        while j < n {
            let e0 = eScalar(0, j), e1 = eScalar(1, j), e2 = eScalar(2, j), e3 = eScalar(3, j)
            row[2 &* j] += e0 + carry2
            row[2 &* j &+ 1] += (e1 - e2 + e3) + carry3
            carry2 = e1 + e2 - e0
            carry3 = -e3
            j &+= 1
        }
        row[2 &* n] += carry2
        row[2 &* n &+ 1] += carry3
    }

    /// Sum of `count` floats, in a fixed order (32 interleaved partial sums,
    /// so that the additions do not wait on each other).
    @usableFromInline
    static func sum(_ p: UnsafePointer<Float>, count: Int) -> Float {
        var a0 = SIMD8<Float>(repeating: 0), a1 = a0, a2 = a0, a3 = a0
        var i = 0
        while i &+ 32 <= count {
            a0 += load8(p + i)
            a1 += load8(p + (i &+ 8))
            a2 += load8(p + (i &+ 16))
            a3 += load8(p + (i &+ 24))
            i &+= 32
        }
        while i &+ 8 <= count {
            a0 += load8(p + i)
            i &+= 8
        }
        var total = ((a0 + a1) + (a2 + a3)).sum()
        while i < count {
            total += p[i]
            i &+= 1
        }
        return total
    }
}
