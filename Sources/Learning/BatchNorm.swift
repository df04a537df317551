import Foundation
import Tensor

/// Batch normalisation over the channel axis of [batch, channels, h, w] (or
/// [batch, features]). Training uses the batch's statistics and updates running
/// estimates; evaluation uses the running estimates. With `relu`, the layer
/// outputs max(0, γx̂ + β): a following ReLU would be one more pass over the
/// activations forward and one backward, and its mask is recomputed from x̂.
public final class BatchNorm<Scalar: TensorScalar>: Layer {
    public let scale: Parameter<Scalar>
    public let shift: Parameter<Scalar>
    /// Running mean and (unbiased) variance, updated with `momentum` as PyTorch does.
    public let runningMean: Parameter<Scalar>
    public let runningVariance: Parameter<Scalar>
    public let momentum: Double
    public let epsilon: Double
    public let rectifiesOutput: Bool
    // Caches of the training pass: the input and the batch's μ and 1/σ per
    // channel, from which the backward pass recomputes x̂ (see `Normalization`).
    private var cachedInput: Tensor<Scalar>?
    private var cachedStatistics = BatchNormKernels.Normalization(mean: [], inverseStd: [])

    public init(channels: Int, momentum: Double = 0.1, epsilon: Double = 1e-5, relu: Bool = false) {
        scale = Parameter(name: "scale", value: Tensor(repeating: 1, shape: [channels]))
        shift = Parameter(name: "shift", value: Tensor(zeros: [channels]))
        runningMean = Parameter(name: "running_mean", value: Tensor(zeros: [channels]))
        runningVariance = Parameter(name: "running_variance", value: Tensor(repeating: 1, shape: [channels]))
        self.momentum = momentum
        self.epsilon = epsilon
        rectifiesOutput = relu
    }

    public var channels: Int { scale.value.count }
    public var description: String { "BatchNorm \(channels)" + (rectifiesOutput ? " + ReLU" : "") }
    public var parameters: [Parameter<Scalar>] { [scale, shift] }
    public var buffers: [Parameter<Scalar>] { [runningMean, runningVariance] }

    /// (batch, spatial size) for an input shape.
    private func layout(_ shape: [Int]) -> (batch: Int, spatial: Int) {
        precondition(shape.count >= 2 && shape[1] == channels, "BatchNorm \(channels) got input \(shape)")
        return (shape[0], shape.dropFirst(2).reduce(1, *))
    }

    public func forward(_ input: Tensor<Scalar>, training: Bool) -> Tensor<Scalar> {
        forward(input, training: training, planeMoments: nil)
    }

    /// `forward`, with two fusions. With `planeMoments`, the input planes'
    /// moments its producer recorded (`Conv2D.forward(_:training:recordingPlaneMoments:)`),
    /// the batch statistics come from them instead of a pass over the input:
    /// the same values, so the same statistics. With `residual`, the output is
    /// max(0, BN(x) + residual), computed in the pass that normalises: a
    /// residual block's last BatchNorm, its sum with the shortcut and the
    /// block's ReLU, with the values of `forward` then `Tensor.addRectifying`
    /// and without writing BN(x) out and reading it back; the layer must then
    /// not rectify itself.
    public func forward(
        _ input: Tensor<Scalar>, training: Bool, planeMoments: PlaneMoments?,
        addingThenRectifying residual: Tensor<Scalar>? = nil
    ) -> Tensor<Scalar> {
        precondition(residual == nil || !rectifiesOutput, "\(description) already rectifies its output")
        let map = normalization(of: input, training: training, planeMoments: planeMoments)
        let (batch, spatial) = layout(input.shape)
        return BatchNormKernels.normalize(input, map, batch: batch, spatial: spatial, residual: residual)
    }

    /// Everything `forward` does except writing the output: the statistics
    /// (batch or running), the running estimates' update and the caches of a
    /// training pass. Returns the map `forward` applies, for a layer that
    /// applies it itself as it reads the input (`Conv2D.forward(_:training:recordingPlaneMoments:normalizedBy:)`);
    /// `backward` then works as after `forward`.
    public func normalization(
        of input: Tensor<Scalar>, training: Bool, planeMoments: PlaneMoments? = nil
    ) -> ChannelNormalization<Scalar> {
        let (batch, spatial) = layout(input.shape)
        let mean: [Double], variance: [Double]
        if training {
            let moments = planeMoments
                ?? BatchNormKernels.planeMoments(input, batch: batch, channels: channels, spatial: spatial)
            (mean, variance) = BatchNormKernels.statistics(moments, batch: batch, channels: channels, spatial: spatial)
            updateRunningStatistics(mean: mean, variance: variance, count: Double(batch * spatial))
        } else {
            mean = runningMean.value.scalars.map { Double($0) }
            variance = runningVariance.value.scalars.map { Double($0) }
        }
        let n = BatchNormKernels.Normalization(mean: mean, inverseStd: variance.map { 1 / ($0 + epsilon).squareRoot() })
        if training {
            cachedInput = input
            cachedStatistics = n
        }
        return ChannelNormalization(
            mean: n.mean.map { Scalar($0) }, inverseStd: n.inverseStd.map { Scalar($0) },
            scale: scale.value.scalars, shift: shift.value.scalars, rectifies: rectifiesOutput)
    }

    private func updateRunningStatistics(mean: [Double], variance: [Double], count: Double) {
        let unbiased = count > 1 ? count / (count - 1) : 1
        for c in 0..<channels {
            let oldMean = Double(runningMean.value.scalars[c]), oldVariance = Double(runningVariance.value.scalars[c])
            runningMean.value.scalars[c] = Scalar((1 - momentum) * oldMean + momentum * mean[c])
            runningVariance.value.scalars[c] = Scalar((1 - momentum) * oldVariance + momentum * variance[c] * unbiased)
        }
    }

    /// dx = γ/σ · (g − mean(g) − x̂ · mean(g · x̂)) per channel, where g is the
    /// output gradient, zeroed where the fused rectifier cut the output.
    public func backward(_ outputGradient: Tensor<Scalar>, needsInputGradient: Bool) -> Tensor<Scalar>? {
        guard let x = cachedInput else { preconditionFailure("BatchNorm.backward without a training forward pass") }
        let (batch, spatial) = layout(outputGradient.shape)
        let affine = rectifiesOutput ? BatchNormKernels.Affine(scale: scale.value, shift: shift.value) : nil
        let (sumGrad, sumGradXHat) = BatchNormKernels.gradientSums(
            outputGradient, input: x, cachedStatistics, batch: batch, channels: channels, spatial: spatial,
            rectifiedBy: affine)
        shift.gradient = Tensor(shape: [channels], scalars: sumGrad.map { Scalar($0) })
        scale.gradient = Tensor(shape: [channels], scalars: sumGradXHat.map { Scalar($0) })
        guard needsInputGradient else { return nil }
        let count = Double(batch * spatial)
        let factor = (0..<channels).map { Double(scale.value.scalars[$0]) * cachedStatistics.inverseStd[$0] }
        return BatchNormKernels.inputGradient(
            outputGradient, input: x, cachedStatistics, factor: factor, meanGrad: sumGrad.map { $0 / count },
            meanGradXHat: sumGradXHat.map { $0 / count }, batch: batch, spatial: spatial, rectifiedBy: affine)
    }
}
