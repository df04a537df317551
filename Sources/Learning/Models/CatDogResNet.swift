import Tensor

/// A ResNet-18 for 64×64 photos: a 3×3 stem, four stages of two basic blocks
/// (64, 128, 256, 512 channels, scaled by `width`; stages 2–4 halve the
/// resolution), global average pooling and a 2-way dense layer. With
/// `batchNorm: false` the same network without any normalisation.
public enum CatDogResNet {
    /// Channels of the four stages at full width; the report quotes them.
    public static let stageChannels = [64, 128, 256, 512]
    public static let blocksPerStage = 2
    /// Every convolution's kernel side, and the side of the shortcut projections.
    public static let kernelSize = 3
    public static let shortcutKernelSize = 1

    public static func make<Scalar: TensorScalar>(
        width: Double = 1, batchNorm: Bool = true, classes: Int = 2, rng: inout SeededGenerator
    ) -> Sequential<Scalar> {
        let channels = stageChannels.map { max(4, Int((Double($0) * width).rounded())) }
        var layers: [any Layer<Scalar>] = convUnit(3, channels[0], stride: 1, batchNorm: batchNorm, relu: true, rng: &rng)
        var current = channels[0]
        for (stage, out) in channels.enumerated() {
            for block in 0..<blocksPerStage {
                let stride = stage > 0 && block == 0 ? 2 : 1
                layers.append(basicBlock(current, out, stride: stride, batchNorm: batchNorm, rng: &rng))
                current = out
            }
        }
        layers += [GlobalAveragePool(), Dense(inputs: current, outputs: classes, initializer: .glorot, rng: &rng)]
        return Sequential(inputShape: [3, 64, 64], layers: layers)
    }

    /// conv 3×3 (+ BatchNorm), then max(0, ·) with `relu`: fused into the
    /// BatchNorm when there is one, else into the convolution.
    private static func convUnit<Scalar: TensorScalar>(
        _ input: Int, _ output: Int, stride: Int, batchNorm: Bool, relu: Bool = false, kernel: Int = kernelSize,
        rng: inout SeededGenerator
    ) -> [any Layer<Scalar>] {
        let conv = Conv2D<Scalar>(
            inputChannels: input, outputChannels: output, kernelSize: kernel, stride: stride,
            padding: kernel / 2, initializer: .glorot, relu: relu && !batchNorm, rng: &rng)
        return batchNorm ? [conv, BatchNorm<Scalar>(channels: output, relu: relu)] : [conv]
    }

    /// conv-BN-ReLU-conv-BN plus the shortcut (a strided 1×1 projection when the shape changes).
    private static func basicBlock<Scalar: TensorScalar>(
        _ input: Int, _ output: Int, stride: Int, batchNorm: Bool, rng: inout SeededGenerator
    ) -> ResidualBlock<Scalar> {
        let body: [any Layer<Scalar>] =
            convUnit(input, output, stride: stride, batchNorm: batchNorm, relu: true, rng: &rng)
            + convUnit(output, output, stride: 1, batchNorm: batchNorm, rng: &rng)
        let shortcut: [any Layer<Scalar>] = stride == 1 && input == output
            ? [] : convUnit(input, output, stride: stride, batchNorm: batchNorm, kernel: shortcutKernelSize, rng: &rng)
        return ResidualBlock(body: body, shortcut: shortcut)
    }
}
