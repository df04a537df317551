import Foundation
import Tensor

/// Batch normalisation over the channel axis of [batch, channels, h, w] (or
/// [batch, features]). Training uses the batch's statistics and updates running
/// estimates; evaluation uses the running estimates.
public final class BatchNorm<Scalar: TensorScalar>: Layer {
    public let scale: Parameter<Scalar>
    public let shift: Parameter<Scalar>
    /// Running mean and (unbiased) variance, updated with `momentum` as PyTorch does.
    public let runningMean: Parameter<Scalar>
    public let runningVariance: Parameter<Scalar>
    public let momentum: Double
    public let epsilon: Double
    // Caches of the training pass: the normalised input and 1/σ per channel.
    private var normalized: Tensor<Scalar>?
    private var inverseStd: [Double] = []

    public init(channels: Int, momentum: Double = 0.1, epsilon: Double = 1e-5) {
        scale = Parameter(name: "scale", value: Tensor(repeating: 1, shape: [channels]))
        shift = Parameter(name: "shift", value: Tensor(zeros: [channels]))
        runningMean = Parameter(name: "running_mean", value: Tensor(zeros: [channels]))
        runningVariance = Parameter(name: "running_variance", value: Tensor(repeating: 1, shape: [channels]))
        self.momentum = momentum
        self.epsilon = epsilon
    }

    public var channels: Int { scale.value.count }
    public var description: String { "BatchNorm \(channels)" }
    public var parameters: [Parameter<Scalar>] { [scale, shift] }
    public var buffers: [Parameter<Scalar>] { [runningMean, runningVariance] }

    /// (batch, spatial size) for an input shape.
    private func layout(_ shape: [Int]) -> (batch: Int, spatial: Int) {
        precondition(shape.count >= 2 && shape[1] == channels, "BatchNorm \(channels) got input \(shape)")
        return (shape[0], shape.dropFirst(2).reduce(1, *))
    }

    public func forward(_ input: Tensor<Scalar>, training: Bool) -> Tensor<Scalar> {
        let (batch, spatial) = layout(input.shape)
        let mean: [Double], variance: [Double]
        if training {
            (mean, variance) = BatchNormKernels.statistics(input, batch: batch, channels: channels, spatial: spatial)
            updateRunningStatistics(mean: mean, variance: variance, count: Double(batch * spatial))
        } else {
            mean = runningMean.value.scalars.map { Double($0) }
            variance = runningVariance.value.scalars.map { Double($0) }
        }
        let invStd = variance.map { 1 / ($0 + epsilon).squareRoot() }
        let (xHat, y) = BatchNormKernels.normalize(
            input, mean: mean, inverseStd: invStd, scale: scale.value, shift: shift.value,
            batch: batch, spatial: spatial)
        if training {
            normalized = xHat
            inverseStd = invStd
        }
        return y
    }

    private func updateRunningStatistics(mean: [Double], variance: [Double], count: Double) {
        let unbiased = count > 1 ? count / (count - 1) : 1
        for c in 0..<channels {
            let oldMean = Double(runningMean.value.scalars[c]), oldVariance = Double(runningVariance.value.scalars[c])
            runningMean.value.scalars[c] = Scalar((1 - momentum) * oldMean + momentum * mean[c])
            runningVariance.value.scalars[c] = Scalar((1 - momentum) * oldVariance + momentum * variance[c] * unbiased)
        }
    }

    /// dx = γ/σ · (dy − mean(dy) − x̂ · mean(dy · x̂)), per channel.
    public func backward(_ outputGradient: Tensor<Scalar>, needsInputGradient: Bool) -> Tensor<Scalar>? {
        guard let xHat = normalized else { preconditionFailure("BatchNorm.backward without a training forward pass") }
        let (batch, spatial) = layout(outputGradient.shape)
        let (sumGrad, sumGradXHat) = BatchNormKernels.gradientSums(
            outputGradient, xHat, batch: batch, channels: channels, spatial: spatial)
        shift.gradient = Tensor(shape: [channels], scalars: sumGrad.map { Scalar($0) })
        scale.gradient = Tensor(shape: [channels], scalars: sumGradXHat.map { Scalar($0) })
        guard needsInputGradient else { return nil }
        let count = Double(batch * spatial)
        let factor = (0..<channels).map { Double(scale.value.scalars[$0]) * inverseStd[$0] }
        return BatchNormKernels.inputGradient(
            outputGradient, xHat, factor: factor, meanGrad: sumGrad.map { $0 / count },
            meanGradXHat: sumGradXHat.map { $0 / count }, batch: batch, spatial: spatial)
    }
}

/// The per-channel loops of batch normalisation, specialised for Float and
/// Double: left generic, every arithmetic operation would go through a
/// witness call and the layer would cost ten times what the convolutions do.
enum BatchNormKernels {
    /// Mean and biased variance per channel, accumulated in Double.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    static func statistics<Scalar: TensorScalar>(
        _ input: Tensor<Scalar>, batch: Int, channels: Int, spatial: Int
    ) -> (mean: [Double], variance: [Double]) {
        var mean = [Double](repeating: 0, count: channels), variance = mean
        let count = Double(batch * spatial)
        input.scalars.withUnsafeBufferPointer { x in
            mean.withUnsafeMutableBufferPointer { meanOut in
                variance.withUnsafeMutableBufferPointer { varianceOut in
                    // One channel per task, summed in the same order as a single thread would.
                    parallelChunkQueue(chunks: channels) { _, c in
                        var sum = 0.0
                        for n in 0..<batch {
                            let base = (n * channels + c) * spatial
                            for i in 0..<spatial { sum += Double(x[base + i]) }
                        }
                        let m = sum / count
                        // Two passes: E[(x − m)²] does not cancel catastrophically as E[x²] − m² can.
                        var squares = 0.0
                        for n in 0..<batch {
                            let base = (n * channels + c) * spatial
                            for i in 0..<spatial { let d = Double(x[base + i]) - m; squares += d * d }
                        }
                        meanOut[c] = m
                        varianceOut[c] = squares / count
                    }
                }
            }
        }
        return (mean, variance)
    }

    /// x̂ = (x − μ)/σ and y = γ x̂ + β.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    static func normalize<Scalar: TensorScalar>(
        _ input: Tensor<Scalar>, mean: [Double], inverseStd: [Double], scale: Tensor<Scalar>, shift: Tensor<Scalar>,
        batch: Int, spatial: Int
    ) -> (xHat: Tensor<Scalar>, y: Tensor<Scalar>) {
        let channels = mean.count
        var xHat = input, y = input
        xHat.scalars.withUnsafeMutableBufferPointer { h in
            y.scalars.withUnsafeMutableBufferPointer { out in
                forEachPlane(batch: batch, channels: channels) { plane, c in
                    let base = plane * spatial
                    let m = Scalar(mean[c]), s = Scalar(inverseStd[c])
                    let g = scale.scalars[c], b = shift.scalars[c]
                    for i in base..<(base + spatial) {
                        let v = (h[i] - m) * s
                        h[i] = v
                        out[i] = g * v + b
                    }
                }
            }
        }
        return (xHat, y)
    }

    /// Σ dy and Σ dy·x̂ per channel: the gradients of β and γ.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    static func gradientSums<Scalar: TensorScalar>(
        _ outputGradient: Tensor<Scalar>, _ xHat: Tensor<Scalar>, batch: Int, channels: Int, spatial: Int
    ) -> (sumGrad: [Double], sumGradXHat: [Double]) {
        var sumGrad = [Double](repeating: 0, count: channels), sumGradXHat = sumGrad
        outputGradient.scalars.withUnsafeBufferPointer { dy in
            xHat.scalars.withUnsafeBufferPointer { h in
                sumGrad.withUnsafeMutableBufferPointer { sumOut in
                    sumGradXHat.withUnsafeMutableBufferPointer { productOut in
                        // One channel per task; per-sample partial sums added in sample order.
                        parallelChunkQueue(chunks: channels) { _, c in
                            var totalSum = 0.0, totalProduct = 0.0
                            for n in 0..<batch {
                                let base = (n * channels + c) * spatial
                                var sum = 0.0, product = 0.0
                                for i in base..<(base + spatial) {
                                    let g = Double(dy[i])
                                    sum += g
                                    product += g * Double(h[i])
                                }
                                totalSum += sum
                                totalProduct += product
                            }
                            sumOut[c] = totalSum
                            productOut[c] = totalProduct
                        }
                    }
                }
            }
        }
        return (sumGrad, sumGradXHat)
    }

    /// dx = k · (dy − mean(dy) − x̂ · mean(dy·x̂)) with k = γ/σ per channel.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    static func inputGradient<Scalar: TensorScalar>(
        _ outputGradient: Tensor<Scalar>, _ xHat: Tensor<Scalar>, factor: [Double], meanGrad: [Double],
        meanGradXHat: [Double], batch: Int, spatial: Int
    ) -> Tensor<Scalar> {
        let channels = factor.count
        var dx = outputGradient
        dx.scalars.withUnsafeMutableBufferPointer { d in
            xHat.scalars.withUnsafeBufferPointer { h in
                forEachPlane(batch: batch, channels: channels) { plane, c in
                    let base = plane * spatial
                    let k = Scalar(factor[c]), mg = Scalar(meanGrad[c]), mgx = Scalar(meanGradXHat[c])
                    for i in base..<(base + spatial) { d[i] = k * (d[i] - mg - h[i] * mgx) }
                }
            }
        }
        return dx
    }

    /// Runs `body(plane, channel)` for every (sample, channel) plane, in parallel
    /// blocks of consecutive planes; each plane is written by exactly one task.
    @inline(__always)
    static func forEachPlane(batch: Int, channels: Int, _ body: (_ plane: Int, _ channel: Int) -> Void) {
        let planes = batch * channels
        let blocks = Swift.min(planes, 64)
        parallelChunkQueue(chunks: blocks) { _, block in
            for plane in chunkRange(block, of: blocks, count: planes) { body(plane, plane % channels) }
        }
    }
}
