/// Reductions along axes that the layers need.
extension Tensor {
    @inlinable
    public func sum() -> Scalar {
        scalars.withUnsafeBufferPointer { p in p.reduce(0, +) }
    }

    /// Column sums of a matrix: [m, n] -> [n] (bias gradients).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func sumRows() -> Tensor {
        precondition(rank == 2, "sumRows needs a matrix, got \(shape)")
        let width = shape[1]
        var out = [Scalar](repeating: 0, count: width)
        scalars.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in
                var base = 0
                while base < p.count {
                    for j in 0..<width { o[j] += p[base + j] }
                    base += width
                }
            }
        }
        return Tensor(shape: [width], scalars: out)
    }

    /// The mean of each run of `planeSize` consecutive scalars (a channel
    /// plane of an NCHW tensor), summed in order and divided once.
    /// Not inlinable, like `sumRows`: a layer that is generic over its scalar
    /// reaches the Float and Double copies through the specialisation's
    /// runtime dispatch instead of inlining the generic arithmetic.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func planeMeans(planeSize: Int) -> [Scalar] {
        precondition(planeSize > 0 && count % planeSize == 0, "planes of \(planeSize) do not tile \(shape)")
        let planes = count / planeSize, divisor = Scalar(planeSize)
        return scalars.withUnsafeBufferPointer { x in
            [Scalar](unsafeUninitializedCapacity: planes) { out, initialized in
                for i in 0..<planes {
                    let plane = x.baseAddress! + i * planeSize
                    var sum: Scalar = 0
                    for j in 0..<planeSize { sum += plane[j] }
                    out[i] = sum / divisor
                }
                initialized = planes
            }
        }
    }

    /// The adjoint of `planeMeans`: a tensor of `shape` whose i-th plane of
    /// `planeSize` scalars holds `values[i] / planeSize` everywhere.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func spreadingPlaneMeans(_ values: [Scalar], planeSize: Int, shape: [Int]) -> Tensor {
        precondition(planeSize > 0 && values.count * planeSize == shape.reduce(1, *),
                     "\(values.count) planes of \(planeSize) do not fill \(shape)")
        let divisor = Scalar(planeSize)
        return Tensor(shape: shape, scalars: [Scalar](unsafeUninitializedCapacity: values.count * planeSize) { out, initialized in
            for (i, value) in values.enumerated() {
                (out.baseAddress! + i * planeSize).initialize(repeating: value / divisor, count: planeSize)
            }
            initialized = values.count * planeSize
        })
    }

    /// Index of the largest entry of each row; the first one on ties.
    public func argmaxRows() -> [Int] {
        precondition(rank == 2, "argmaxRows needs a matrix, got \(shape)")
        let width = shape[1]
        return scalars.withUnsafeBufferPointer { p in
            (0..<shape[0]).map { row in
                var best = 0
                var bestValue = p[row * width]
                for j in 1..<width where p[row * width + j] > bestValue {
                    best = j
                    bestValue = p[row * width + j]
                }
                return best
            }
        }
    }

    public var maxAbs: Scalar { scalars.reduce(0) { Swift.max($0, Swift.abs($1)) } }
}
