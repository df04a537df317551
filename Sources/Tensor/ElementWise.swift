/// Element-wise arithmetic. The closures are inlined into specialised loops,
/// so these stay as fast as hand-written ones for Float and Double.
extension Tensor {
    @inlinable
    public func map(_ transform: (Scalar) -> Scalar) -> Tensor {
        var out = self
        out.apply(transform)
        return out
    }

    @inlinable
    public mutating func apply(_ transform: (Scalar) -> Scalar) {
        scalars.withUnsafeMutableBufferPointer { p in
            for i in p.indices { p[i] = transform(p[i]) }
        }
    }

    /// self[i] = combine(self[i], other[i]).
    @inlinable
    public mutating func combine(with other: Tensor, _ combine: (Scalar, Scalar) -> Scalar) {
        precondition(count == other.count, "size mismatch: \(shape) and \(other.shape)")
        other.scalars.withUnsafeBufferPointer { q in
            scalars.withUnsafeMutableBufferPointer { p in
                for i in p.indices { p[i] = combine(p[i], q[i]) }
            }
        }
    }

    @inlinable public static func + (a: Tensor, b: Tensor) -> Tensor {
        var c = a
        c.combine(with: b, +)
        return c
    }

    @inlinable public static func - (a: Tensor, b: Tensor) -> Tensor {
        var c = a
        c.combine(with: b, -)
        return c
    }

    @inlinable public static func * (a: Tensor, b: Tensor) -> Tensor {
        var c = a
        c.combine(with: b, *)
        return c
    }

    @inlinable public static func * (a: Tensor, s: Scalar) -> Tensor { a.map { $0 * s } }

    // The next three are specialised entry points rather than @inlinable:
    // generic layer and optimiser classes reach them unspecialised, and an
    // inlined generic body would cost a witness call per element.

    /// self += alpha * other (the SGD update and gradient accumulation), split
    /// between the workers for large tensors: the cats-vs-dogs VGG's 5.9 M
    /// weights took 0.9 % of an epoch on one core while the other waited.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func addScaled(_ other: Tensor, by alpha: Scalar) {
        updateInParallelSlices(from: other) { accumulate($0, scaledBy: alpha, into: $1, count: $2) }
    }

    /// self += other, element-wise (residual additions), split between the
    /// workers for large tensors like the rectifier's passes: a ResNet block's
    /// backward pass adds two activation-sized gradients, 1.7 % of an epoch's
    /// CPU time that ran on one core while the other waited.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func add(_ other: Tensor) {
        updateInParallelSlices(from: other) { accumulate($0, into: $1, count: $2) }
    }

    /// Adds `row` to every row of a matrix (bias broadcast).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func addRowVector(_ row: Tensor) {
        let width = row.count
        precondition(rank == 2 && shape[1] == width, "cannot add \(row.shape) to rows of \(shape)")
        row.scalars.withUnsafeBufferPointer { r in
            scalars.withUnsafeMutableBufferPointer { p in
                var base = 0
                while base < p.count {
                    for j in 0..<width { p[base + j] += r[j] }
                    base += width
                }
            }
        }
    }
}
