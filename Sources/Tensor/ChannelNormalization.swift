/// The per-channel map a BatchNorm applies to its input: y = γ·x̂ + β with
/// x̂ = (x − μ)·(1/σ), then max(0, ·) when it rectifies.
///
/// It lives here, beside the convolutions, because a convolution that reads
/// a BatchNorm's output can apply the map itself to each input plane as it
/// copies the plane into its padded buffer (`WinogradConvolution`), so that
/// the normalised tensor is never written out and read back. BatchNorm's own
/// pass goes through `apply` as well: both give the same values bit for bit.
public struct ChannelNormalization<Scalar: TensorScalar>: Equatable, Sendable {
    public var mean: [Scalar]
    public var inverseStd: [Scalar]
    public var scale: [Scalar]
    public var shift: [Scalar]
    public var rectifies: Bool

    public init(mean: [Scalar], inverseStd: [Scalar], scale: [Scalar], shift: [Scalar], rectifies: Bool) {
        precondition(
            [inverseStd.count, scale.count, shift.count].allSatisfy { $0 == mean.count },
            "channel normalisation with \(mean.count) means, \(inverseStd.count) inverse deviations, "
                + "\(scale.count) scales and \(shift.count) shifts")
        self.mean = mean
        self.inverseStd = inverseStd
        self.scale = scale
        self.shift = shift
        self.rectifies = rectifies
    }

    public var channels: Int { mean.count }

    /// x̂ of one element: every pass that needs it (forward, backward, the
    /// convolution's copy) computes it here, with the same two operations.
    @inlinable @inline(__always)
    public static func normalized(_ x: Scalar, _ mean: Scalar, _ inverseStd: Scalar) -> Scalar {
        (x - mean) * inverseStd
    }

    /// y[i] = map(x[i]) for `count` values of channel `channel`.
    @inlinable @inline(__always)
    public func apply(_ x: UnsafePointer<Scalar>, into y: UnsafeMutablePointer<Scalar>, count: Int, channel c: Int) {
        let (m, s, g, b) = (mean[c], inverseStd[c], scale[c], shift[c])
        // Two loops rather than a test inside one, so each stays a straight vector loop.
        if rectifies {
            for i in 0..<count { y[i] = Swift.max(g * Self.normalized(x[i], m, s) + b, 0) }
        } else {
            for i in 0..<count { y[i] = g * Self.normalized(x[i], m, s) + b }
        }
    }
}
