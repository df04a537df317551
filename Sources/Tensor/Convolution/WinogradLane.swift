/// A value the Winograd tile transforms compute with: one scalar (one tile)
/// or a SIMD vector holding the same quantity for several adjacent tiles. The
/// transforms are written once, generic over the lane, and run with
/// SIMD4<Float> on blocks of four tiles and with a scalar on the remainder.
@usableFromInline
protocol WinogradLane {
    associatedtype Element: TensorScalar
    /// Tiles per lane.
    static var width: Int { get }
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static prefix func - (a: Self) -> Self
    static func * (a: Self, k: Element) -> Self
    init(repeating value: Element)
    /// width consecutive elements.
    static func load(_ p: UnsafePointer<Element>) -> Self
    func store(_ p: UnsafeMutablePointer<Element>)
    /// max(·, 0).
    var rectified: Self { get }
    /// Lanes (carry, self[0], …, self[width − 2]): this quantity of the previous tile.
    func shifted(in carry: Element) -> Self
    /// The last tile's value.
    var last: Element { get }
    /// Six quantities c₀…c₅ with lane t of c_k = p[4t + k] (a 6-wide window every 4 elements).
    static func loadWindows6(_ p: UnsafePointer<Element>) -> (Self, Self, Self, Self, Self, Self)
    /// Four quantities with lane t of c_k = p[4t + k].
    static func loadWindows4(_ p: UnsafePointer<Element>) -> (Self, Self, Self, Self)
    /// p[4t + k] = c_k lane t: the inverse of `loadWindows4`.
    static func storeWindows4(_ p: UnsafeMutablePointer<Element>, _ c0: Self, _ c1: Self, _ c2: Self, _ c3: Self)
}

extension WinogradLane {
    @inline(__always)
    static func addWindows4(_ p: UnsafeMutablePointer<Element>, _ c0: Self, _ c1: Self, _ c2: Self, _ c3: Self) {
        let (a0, a1, a2, a3) = loadWindows4(UnsafePointer(p))
        storeWindows4(p, a0 + c0, a1 + c1, a2 + c2, a3 + c3)
    }
}

extension Float: WinogradLane {
    @usableFromInline static var width: Int { 1 }
    @inline(__always) @usableFromInline init(repeating value: Float) { self = value }
    @inline(__always) @usableFromInline static func load(_ p: UnsafePointer<Float>) -> Float { p[0] }
    @inline(__always) @usableFromInline func store(_ p: UnsafeMutablePointer<Float>) { p[0] = self }
    @inline(__always) @usableFromInline var rectified: Float { self > 0 ? self : 0 }
    @inline(__always) @usableFromInline func shifted(in carry: Float) -> Float { carry }
    @inline(__always) @usableFromInline var last: Float { self }
    @inline(__always) @usableFromInline
    static func loadWindows6(_ p: UnsafePointer<Float>) -> (Float, Float, Float, Float, Float, Float) {
        (p[0], p[1], p[2], p[3], p[4], p[5])
    }
    @inline(__always) @usableFromInline
    static func loadWindows4(_ p: UnsafePointer<Float>) -> (Float, Float, Float, Float) { (p[0], p[1], p[2], p[3]) }
    @inline(__always) @usableFromInline
    static func storeWindows4(_ p: UnsafeMutablePointer<Float>, _ c0: Float, _ c1: Float, _ c2: Float, _ c3: Float) {
        p[0] = c0; p[1] = c1; p[2] = c2; p[3] = c3
    }
}

extension Double: WinogradLane {
    @usableFromInline static var width: Int { 1 }
    @inline(__always) @usableFromInline init(repeating value: Double) { self = value }
    @inline(__always) @usableFromInline static func load(_ p: UnsafePointer<Double>) -> Double { p[0] }
    @inline(__always) @usableFromInline func store(_ p: UnsafeMutablePointer<Double>) { p[0] = self }
    @inline(__always) @usableFromInline var rectified: Double { self > 0 ? self : 0 }
    @inline(__always) @usableFromInline func shifted(in carry: Double) -> Double { carry }
    @inline(__always) @usableFromInline var last: Double { self }
    @inline(__always) @usableFromInline
    static func loadWindows6(_ p: UnsafePointer<Double>) -> (Double, Double, Double, Double, Double, Double) {
        (p[0], p[1], p[2], p[3], p[4], p[5])
    }
    @inline(__always) @usableFromInline
    static func loadWindows4(_ p: UnsafePointer<Double>) -> (Double, Double, Double, Double) { (p[0], p[1], p[2], p[3]) }
    @inline(__always) @usableFromInline
    static func storeWindows4(_ p: UnsafeMutablePointer<Double>, _ c0: Double, _ c1: Double, _ c2: Double, _ c3: Double) {
        p[0] = c0; p[1] = c1; p[2] = c2; p[3] = c3
    }
}

extension SIMD4: WinogradLane where Scalar == Float {
    @usableFromInline typealias Element = Float
    @usableFromInline static var width: Int { 4 }
    @inline(__always) @usableFromInline
    static func load(_ p: UnsafePointer<Float>) -> SIMD4<Float> { UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self) }
    @inline(__always) @usableFromInline
    func store(_ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: self, as: SIMD4<Float>.self) }
    @inline(__always) @usableFromInline
    var rectified: SIMD4<Float> { replacing(with: 0, where: .!(self .> 0)) }
    @inline(__always) @usableFromInline
    func shifted(in carry: Float) -> SIMD4<Float> { SIMD4(carry, self[0], self[1], self[2]) }
    @inline(__always) @usableFromInline var last: Float { self[3] }

    /// Rows a, b, c, d of a 4×4 block as columns.
    @inline(__always) @usableFromInline
    static func transpose(_ a: SIMD4<Float>, _ b: SIMD4<Float>, _ c: SIMD4<Float>, _ d: SIMD4<Float>)
        -> (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>)
    {
        // unpcklps / unpckhps, then movlhps / movhlps.
        let ab0 = SIMD4(a[0], b[0], a[1], b[1]), ab1 = SIMD4(a[2], b[2], a[3], b[3])
        let cd0 = SIMD4(c[0], d[0], c[1], d[1]), cd1 = SIMD4(c[2], d[2], c[3], d[3])
        return (SIMD4(lowHalf: ab0.lowHalf, highHalf: cd0.lowHalf), SIMD4(lowHalf: ab0.highHalf, highHalf: cd0.highHalf),
                SIMD4(lowHalf: ab1.lowHalf, highHalf: cd1.lowHalf), SIMD4(lowHalf: ab1.highHalf, highHalf: cd1.highHalf))
    }

    @inline(__always) @usableFromInline
    static func loadWindows6(_ p: UnsafePointer<Float>)
        -> (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>)
    {
        let (c0, c1, c2, c3) = transpose(load(p), load(p + 4), load(p + 8), load(p + 12))
        let e0 = p[16], e1 = p[17]
        return (c0, c1, c2, c3, SIMD4(c0[1], c0[2], c0[3], e0), SIMD4(c1[1], c1[2], c1[3], e1))
    }

    @inline(__always) @usableFromInline
    static func loadWindows4(_ p: UnsafePointer<Float>) -> (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>) {
        transpose(load(p), load(p + 4), load(p + 8), load(p + 12))
    }

    @inline(__always) @usableFromInline
    static func storeWindows4(
        _ p: UnsafeMutablePointer<Float>, _ c0: SIMD4<Float>, _ c1: SIMD4<Float>, _ c2: SIMD4<Float>, _ c3: SIMD4<Float>
    ) {
        let (r0, r1, r2, r3) = transpose(c0, c1, c2, c3)
        r0.store(p); r1.store(p + 4); r2.store(p + 8); r3.store(p + 12)
    }
}
