import Tensor

/// Per-channel mean and standard deviation of photos, on the [0, 1] scale of
/// the batches `ImageSet.batch` makes, and the normalisation (x − mean) / std
/// that uses them.
///
/// Typical use: compute once over the training photos (not the validation or
/// test photos, whose statistics the network must not see), keep the six
/// numbers with the run, and normalise every batch, training and evaluation
/// alike, after augmentation:
///
///     let statistics = ChannelStatistics(of: trainPhotos)
///     let inputs = statistics.normalized(trainPhotos.batch(indices, augmentation: a, rng: &rng))
public struct ChannelStatistics: Codable, Equatable, Sendable {
    /// Mean per channel, R, G, B.
    public var mean: [Double]
    /// Population standard deviation per channel (divided by the pixel count, not count − 1).
    public var std: [Double]

    public init(mean: [Double], std: [Double]) {
        precondition(mean.count == std.count, "one mean and one standard deviation per channel")
        self.mean = mean
        self.std = std
    }

    /// The statistics of every pixel of every photo, in one pass. Pixels are
    /// bytes, so the pass only counts how often each value occurs per channel;
    /// mean and variance then follow exactly from the 3 × 256 counts (in
    /// Double, the variance as the mean squared deviation from the mean, which
    /// cannot cancel as E[x²] − E[x]² does in low precision).
    public init(of photos: ImageSet) {
        precondition(photos.count > 0 && photos.side > 0, "channel statistics of no photos")
        // counts[256·c + v]: how many values of channel c equal v.
        var counts = [Int](repeating: 0, count: 3 * 256)
        counts.withUnsafeMutableBufferPointer { counts in
            photos.forEachImage { pixels in
                // HWC bytes: channel c of every pixel sits at offsets c, c + 3, c + 6, ...
                for c in 0..<3 {
                    for i in stride(from: c, to: pixels.count, by: 3) { counts[256 * c + Int(pixels[i])] += 1 }
                }
            }
        }
        let histogram = (0..<3).map { Array(counts[(256 * $0)..<(256 * $0 + 256)]) }
        let moments = histogram.map(ChannelStatistics.meanAndVariance)
        self.init(mean: moments.map(\.mean), std: moments.map { $0.variance.squareRoot() })
    }

    /// Mean and population variance of byte values / 255 from their counts.
    static func meanAndVariance(_ counts: [Int]) -> (mean: Double, variance: Double) {
        let total = Double(counts.reduce(0, +))
        let sum = counts.enumerated().reduce(0.0) { $0 + Double($1.offset) * Double($1.element) }
        let mean = sum / total / 255
        let squares = counts.enumerated().reduce(0.0) { sum, entry in
            let deviation = Double(entry.offset) / 255 - mean
            return sum + deviation * deviation * Double(entry.element)
        }
        return (mean, squares / total)
    }

    /// (x − mean[c]) / std[c] for every value of channel c of a batch of CHW
    /// images, shaped [n, channels·h·w] as `ImageSet.batch` makes it, or [n, channels, h, w].
    public func normalized<Scalar: TensorScalar>(_ batch: Tensor<Scalar>) -> Tensor<Scalar> {
        var out = batch
        normalize(&out)
        return out
    }

    /// `normalized(_:)` in place.
    public func normalize<Scalar: TensorScalar>(_ batch: inout Tensor<Scalar>) {
        let channels = mean.count
        let images = batch.shape.first ?? 0
        precondition(images > 0 && batch.count % (images * channels) == 0,
                     "batch \(batch.shape) does not hold \(channels)-channel images")
        precondition(std.allSatisfy { $0 > 0 }, "a channel with standard deviation 0 cannot be normalised")
        let plane = batch.count / (images * channels)
        // Subtract, then divide (not multiply by a rounded 1/std): the same
        // operations, rounded once each, as (x − mean) / std in PyTorch.
        let shifts = mean.map { Scalar($0) }, scales = std.map { Scalar($0) }
        batch.scalars.withUnsafeMutableBufferPointer { values in
            for start in stride(from: 0, to: values.count, by: plane) {
                let c = (start / plane) % channels
                for i in start..<(start + plane) { values[i] = (values[i] - shifts[c]) / scales[c] }
            }
        }
    }
}
