/// The rectifier's element-wise kernels, specialised for Float and Double (so
/// that layers generic over the scalar type do not run them through generic
/// witness calls) and split between threads for large tensors.
extension Tensor {
    /// Elements per block that threads take in turn (fewer elements: one thread).
    @usableFromInline static var parallelGrain: Int { 1 << 16 }

    /// `forEachParallelRange` at `parallelGrain` elements a slice.
    @inline(__always)
    static func inParallelSlices(_ count: Int, _ body: (Range<Int>) -> Void) {
        forEachParallelRange(count, grain: parallelGrain, body)
    }

    /// self[i] = kernel(other, self) over slices split between the workers:
    /// `kernel(source, destination, count)` updates `destination` in place
    /// from `source`, single-threaded, for one slice.
    @inline(__always)
    mutating func updateInParallelSlices(
        from other: Tensor,
        _ kernel: (UnsafePointer<Scalar>, UnsafeMutablePointer<Scalar>, Int) -> Void
    ) {
        precondition(count == other.count, "size mismatch: \(shape) and \(other.shape)")
        let n = count
        other.scalars.withUnsafeBufferPointer { q in
            scalars.withUnsafeMutableBufferPointer { p in
                guard let pp = p.baseAddress, let qp = q.baseAddress else { return }
                Self.inParallelSlices(n) { kernel(qp + $0.lowerBound, pp + $0.lowerBound, $0.count) }
            }
        }
    }

    /// max(0, x) element-wise.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func rectified() -> Tensor {
        let n = count
        return Tensor(shape: shape) { out in
            scalars.withUnsafeBufferPointer { x in
                let xp = x.baseAddress, yp = out.baseAddress
                guard let xp, let yp else { return }
                Self.inParallelSlices(n) { rectify(xp + $0.lowerBound, into: yp + $0.lowerBound, count: $0.count) }
            }
        }
    }

    /// self = max(0, self + other) element-wise, in one pass (a residual
    /// block's sum and its ReLU); the same values as `add` then `rectified`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func addRectifying(_ other: Tensor) {
        updateInParallelSlices(from: other) { addThenRectify($0, into: $1, count: $2) }
    }

    /// self where `mask` > 0, else 0: the rectifier's backward pass, with
    /// self the output gradient and `mask` the forward output (or input).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func keepingWherePositive(_ mask: Tensor) -> Tensor {
        precondition(count == mask.count, "size mismatch: \(shape) and \(mask.shape)")
        let n = count
        return Tensor(shape: shape) { out in
            scalars.withUnsafeBufferPointer { g in
                mask.scalars.withUnsafeBufferPointer { m in
                    let gp = g.baseAddress, mp = m.baseAddress, yp = out.baseAddress
                    guard let gp, let mp, let yp else { return }
                    Self.inParallelSlices(n) {
                        keepWherePositive(gp + $0.lowerBound, mp + $0.lowerBound, into: yp + $0.lowerBound, count: $0.count)
                    }
                }
            }
        }
    }
}

/// y[i] = max(0, x[i]) (as x[i] > 0 ? x[i] : 0, so NaN gives 0) for i in
/// 0..<count, single-threaded; y may be x.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func rectify<Scalar: TensorScalar>(_ x: UnsafePointer<Scalar>, into y: UnsafeMutablePointer<Scalar>, count: Int) {
    var i = 0
    if Scalar.self == Float.self {
        i = RectifierFloat.rectify(
            UnsafeRawPointer(x).assumingMemoryBound(to: Float.self),
            UnsafeMutableRawPointer(y).assumingMemoryBound(to: Float.self), 0..<count)
    }
    while i < count {
        y[i] = x[i] > 0 ? x[i] : 0
        i += 1
    }
}

/// y[i] = max(0, y[i] + x[i]) for i in 0..<count, single-threaded.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func addThenRectify<Scalar: TensorScalar>(_ x: UnsafePointer<Scalar>, into y: UnsafeMutablePointer<Scalar>, count: Int) {
    var i = 0
    if Scalar.self == Float.self {
        i = RectifierFloat.addRectifying(
            UnsafeMutableRawPointer(y).assumingMemoryBound(to: Float.self),
            UnsafeRawPointer(x).assumingMemoryBound(to: Float.self), 0..<count)
    }
    while i < count {
        let sum = y[i] + x[i]
        y[i] = sum > 0 ? sum : 0
        i += 1
    }
}

/// y[i] = g[i] where mask[i] > 0, else 0, for i in 0..<count: the
/// rectifier's backward pass over one slice, single-threaded (kernels that
/// mask a plane at a time in cache call it directly).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func keepWherePositive<Scalar: TensorScalar>(
    _ g: UnsafePointer<Scalar>, _ mask: UnsafePointer<Scalar>, into y: UnsafeMutablePointer<Scalar>, count: Int
) {
    var i = 0
    if Scalar.self == Float.self {
        i = RectifierFloat.mask(
            UnsafeRawPointer(g).assumingMemoryBound(to: Float.self),
            UnsafeRawPointer(mask).assumingMemoryBound(to: Float.self),
            UnsafeMutableRawPointer(y).assumingMemoryBound(to: Float.self), 0..<count)
    }
    while i < count {
        y[i] = mask[i] > 0 ? g[i] : 0
        i += 1
    }
}

/// destination[i] += source[i] for i in 0..<count.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func accumulate<Scalar: TensorScalar>(
    _ source: UnsafePointer<Scalar>, into destination: UnsafeMutablePointer<Scalar>, count: Int
) {
    for i in 0..<count { destination[i] += source[i] }
}

/// destination[i] += alpha * source[i] for i in 0..<count.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func accumulate<Scalar: TensorScalar>(
    _ source: UnsafePointer<Scalar>, scaledBy alpha: Scalar, into destination: UnsafeMutablePointer<Scalar>, count: Int
) {
    for i in 0..<count { destination[i] += alpha * source[i] }
}

/// SIMD loops for the Float rectifier; each returns where its blocks of eight stopped.
@usableFromInline
enum RectifierFloat {
    @usableFromInline
    static func rectify(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ range: Range<Int>) -> Int {
        let zero = SIMD8<Float>(repeating: 0)
        var i = range.lowerBound
        while i &+ 8 <= range.upperBound {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(y + i).storeBytes(of: v.replacing(with: zero, where: .!(v .> zero)), as: SIMD8<Float>.self)
            i &+= 8
        }
        return i
    }

    @usableFromInline
    static func addRectifying(_ p: UnsafeMutablePointer<Float>, _ q: UnsafePointer<Float>, _ range: Range<Int>) -> Int {
        let zero = SIMD8<Float>(repeating: 0)
        var i = range.lowerBound
        while i &+ 8 <= range.upperBound {
            let v = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self)
                + UnsafeRawPointer(q + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(p + i).storeBytes(of: v.replacing(with: zero, where: .!(v .> zero)), as: SIMD8<Float>.self)
            i &+= 8
        }
        return i
    }

    @usableFromInline
    static func mask(
        _ g: UnsafePointer<Float>, _ m: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ range: Range<Int>
    ) -> Int {
        let zero = SIMD8<Float>(repeating: 0)
        var i = range.lowerBound
        while i &+ 8 <= range.upperBound {
            let v = UnsafeRawPointer(g + i).loadUnaligned(as: SIMD8<Float>.self)
            let k = UnsafeRawPointer(m + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(y + i).storeBytes(of: v.replacing(with: zero, where: .!(k .> zero)), as: SIMD8<Float>.self)
            i &+= 8
        }
        return i
    }
}

/// p[0..<count] = 0, specialised (so generic layers do not zero element by element).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func zeroFill<Scalar: TensorScalar>(_ p: UnsafeMutablePointer<Scalar>, count: Int) {
    p.update(repeating: 0, count: count)
}

/// The sum, in slice order, of `slices` consecutive blocks of `stride` scalars
/// starting at `base`, returned as its first `split` scalars and the rest
/// (a layer's weight- and bias-gradient accumulators).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func sumOfSlices<Scalar: TensorScalar>(
    _ base: UnsafePointer<Scalar>, slices: Int, stride: Int, split: Int
) -> (head: [Scalar], tail: [Scalar]) {
    var total = [Scalar](repeating: 0, count: stride)
    total.withUnsafeMutableBufferPointer { t in
        // Each element's sum runs over the slices in order whichever range holds it.
        Tensor<Scalar>.inParallelSlices(stride) { range in
            for slice in 0..<slices {
                accumulate(base + slice * stride + range.lowerBound, into: t.baseAddress! + range.lowerBound, count: range.count)
            }
        }
    }
    return (Array(total[..<split]), Array(total[split...]))
}
