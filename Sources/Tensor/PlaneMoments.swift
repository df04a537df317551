/// Per-plane sums that batch normalisation's statistics are built from: for
/// each (sample, channel) plane of an NCHW tensor, the sum of its values and
/// the sum of their squared deviations from the plane's own mean.
///
/// A layer that writes a plane (a convolution's output transform) can record
/// them while the plane is in cache, and a BatchNorm reading that output then
/// needs no pass of its own over it; both compute them here, so they agree
/// bit for bit.
public struct PlaneMoments: Equatable, Sendable {
    /// Indexed by plane, `sample * channels + channel`.
    public var sums: [Double]
    public var squaredDeviations: [Double]

    public init(planes: Int) {
        sums = [Double](repeating: 0, count: planes)
        squaredDeviations = sums
    }

    public var count: Int { sums.count }

    /// Records the moments of `count` values at `x` as plane `plane`.
    @inlinable
    public static func record<Scalar: TensorScalar>(
        _ x: UnsafePointer<Scalar>, count: Int, plane: Int, into recorder: Recorder
    ) {
        let total = planeSum(x, count)
        recorder.sums[plane] = Double(total)
        recorder.squaredDeviations[plane] = Double(planeSquaredDeviations(x, count, from: total / Scalar(count)))
    }

    /// Where kernels running on several workers write the moments; each plane
    /// is written by exactly one of them.
    public struct Recorder {
        public let sums: UnsafeMutableBufferPointer<Double>
        public let squaredDeviations: UnsafeMutableBufferPointer<Double>

        public init(sums: UnsafeMutableBufferPointer<Double>, squaredDeviations: UnsafeMutableBufferPointer<Double>) {
            self.sums = sums
            self.squaredDeviations = squaredDeviations
        }
    }

    /// Runs `body` with a recorder writing into these moments (none for an empty batch).
    public mutating func withRecorder<Result>(_ body: (Recorder) throws -> Result) rethrows -> Result {
        try sums.withUnsafeMutableBufferPointer { s in
            try squaredDeviations.withUnsafeMutableBufferPointer { d in try body(Recorder(sums: s, squaredDeviations: d)) }
        }
    }
}

// Plane reductions with eight independent partial sums (one vector register
// rather than a chain waiting on every addition), combined pairwise at the
// end; the order depends only on the length, never on threads.

@inlinable @inline(__always)
public func planeSum<Scalar: TensorScalar>(_ x: UnsafePointer<Scalar>, _ n: Int) -> Scalar {
    var a = (Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero)
    var i = 0
    while i + 8 <= n {
        a.0 += x[i]; a.1 += x[i + 1]; a.2 += x[i + 2]; a.3 += x[i + 3]
        a.4 += x[i + 4]; a.5 += x[i + 5]; a.6 += x[i + 6]; a.7 += x[i + 7]
        i += 8
    }
    var tail = Scalar.zero
    while i < n { tail += x[i]; i += 1 }
    return ((a.0 + a.4) + (a.1 + a.5)) + ((a.2 + a.6) + (a.3 + a.7)) + tail
}

@inlinable @inline(__always)
public func planeSquaredDeviations<Scalar: TensorScalar>(_ x: UnsafePointer<Scalar>, _ n: Int, from m: Scalar) -> Scalar {
    var a = (Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero)
    var i = 0
    while i + 8 <= n {
        let d0 = x[i] - m, d1 = x[i + 1] - m, d2 = x[i + 2] - m, d3 = x[i + 3] - m
        let d4 = x[i + 4] - m, d5 = x[i + 5] - m, d6 = x[i + 6] - m, d7 = x[i + 7] - m
        a.0 += d0 * d0; a.1 += d1 * d1; a.2 += d2 * d2; a.3 += d3 * d3
        a.4 += d4 * d4; a.5 += d5 * d5; a.6 += d6 * d6; a.7 += d7 * d7
        i += 8
    }
    var tail = Scalar.zero
    while i < n { let d = x[i] - m; tail += d * d; i += 1 }
    return ((a.0 + a.4) + (a.1 + a.5)) + ((a.2 + a.6) + (a.3 + a.7)) + tail
}
