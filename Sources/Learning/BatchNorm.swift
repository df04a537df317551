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
        let count = Double(batch * spatial)
        var mean = [Double](repeating: 0, count: channels), variance = mean
        if training {
            input.scalars.withUnsafeBufferPointer { x in
                for c in 0..<channels {
                    var sum = 0.0, squares = 0.0
                    for n in 0..<batch {
                        let base = (n * channels + c) * spatial
                        for i in 0..<spatial { let v = Double(x[base + i]); sum += v; squares += v * v }
                    }
                    mean[c] = sum / count
                    variance[c] = max(0, squares / count - mean[c] * mean[c])
                }
            }
            updateRunningStatistics(mean: mean, variance: variance, count: count)
        } else {
            mean = runningMean.value.scalars.map { Double($0) }
            variance = runningVariance.value.scalars.map { Double($0) }
        }
        let invStd = variance.map { 1 / ($0 + epsilon).squareRoot() }
        var xHat = input
        var y = input
        xHat.scalars.withUnsafeMutableBufferPointer { h in
            y.scalars.withUnsafeMutableBufferPointer { out in
                for n in 0..<batch {
                    for c in 0..<channels {
                        let base = (n * channels + c) * spatial
                        let m = Scalar(mean[c]), s = Scalar(invStd[c])
                        let g = scale.value.scalars[c], b = shift.value.scalars[c]
                        for i in 0..<spatial {
                            let v = (h[base + i] - m) * s
                            h[base + i] = v
                            out[base + i] = g * v + b
                        }
                    }
                }
            }
        }
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
        let count = Double(batch * spatial)
        var sumGrad = [Double](repeating: 0, count: channels), sumGradXHat = sumGrad
        outputGradient.scalars.withUnsafeBufferPointer { dy in
            xHat.scalars.withUnsafeBufferPointer { h in
                for n in 0..<batch {
                    for c in 0..<channels {
                        let base = (n * channels + c) * spatial
                        for i in 0..<spatial {
                            sumGrad[c] += Double(dy[base + i])
                            sumGradXHat[c] += Double(dy[base + i]) * Double(h[base + i])
                        }
                    }
                }
            }
        }
        shift.gradient = Tensor(shape: [channels], scalars: sumGrad.map { Scalar($0) })
        scale.gradient = Tensor(shape: [channels], scalars: sumGradXHat.map { Scalar($0) })
        guard needsInputGradient else { return nil }
        var dx = outputGradient
        dx.scalars.withUnsafeMutableBufferPointer { d in
            xHat.scalars.withUnsafeBufferPointer { h in
                for n in 0..<batch {
                    for c in 0..<channels {
                        let base = (n * channels + c) * spatial
                        let k = Scalar(Double(scale.value.scalars[c]) * inverseStd[c])
                        let meanGrad = Scalar(sumGrad[c] / count), meanGradXHat = Scalar(sumGradXHat[c] / count)
                        for i in 0..<spatial { d[base + i] = k * (d[base + i] - meanGrad - h[base + i] * meanGradXHat) }
                    }
                }
            }
        }
        return dx
    }
}
