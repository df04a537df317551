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
