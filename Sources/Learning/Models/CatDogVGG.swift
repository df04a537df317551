import Tensor

/// The cats-vs-dogs VGG for 64×64 RGB images: blocks of (1×32), (2×64),
/// (2×128), (2×256) 3×3 convolutions with padding 1 and ReLU, a 2×2 max pool
/// after each block (64 → 32 → 16 → 8 → 4), then 4096 → 1024 → 512 → 2.
public enum CatDogVGG {
    public static let inputShape = [3, 64, 64]
    public static let classes = 2
    /// (convolutions, channels) per block.
    public static let blocks = [(1, 32), (2, 64), (2, 128), (2, 256)]
    /// Kernel side and padding of every convolution, side of every max-pooling; the report quotes them.
    public static let kernelSize = 3
    public static let padding = 1
    public static let poolSize = 2
    /// Side of the feature maps the first dense layer reads: each pooling divides the input's side.
    public static var featureSide: Int { blocks.reduce(inputShape[1]) { side, _ in side / poolSize } }

    /// Dropout's probability in the `dropout` variant.
    public static let dropoutProbability = 0.5
    /// Sizes of the dense layers after the convolutions; the last is the output.
    public static let denseOutputs = [1024, 512, classes]

    /// The network as the original built it; the variants for the report's
    /// experiments add, with `batchNorm`, a BatchNorm (with the ReLU fused
    /// into it) after every convolution, and with `dropout`, Dropout of
    /// `dropoutProbability` before each hidden dense layer (4096→1024, 1024→512).
    /// Neither variant draws from `rng` differently: BatchNorm starts at
    /// γ = 1, β = 0 and Dropout's generators are derived from `rng` without
    /// advancing it, so every variant starts from the same weights.
    public static func make<Scalar>(
        rng: inout SeededGenerator, initializer: Initializer = .glorot, batchNorm: Bool = false, dropout: Bool = false
    ) -> Sequential<Scalar> {
        var layers = convolutions(rng: &rng, initializer: initializer, batchNorm: batchNorm) as [any Layer<Scalar>]
        layers.append(Flatten<Scalar>())
        var inputs = blocks.last!.1 * featureSide * featureSide
        for (k, outputs) in denseOutputs.enumerated() {
            let hidden = k < denseOutputs.count - 1
            if hidden && dropout {
                layers.append(Dropout<Scalar>(probability: dropoutProbability, generator: rng.derived("CatDogVGG.dropout.\(k)")))
            }
            layers.append(Dense<Scalar>(inputs: inputs, outputs: outputs, initializer: initializer, rng: &rng))
            if hidden { layers.append(ReLU<Scalar>()) }
            inputs = outputs
        }
        return Sequential(inputShape: inputShape, layers: layers)
    }

    /// The convolution blocks, each ending in a max pool.
    private static func convolutions<Scalar: TensorScalar>(
        rng: inout SeededGenerator, initializer: Initializer, batchNorm: Bool
    ) -> [any Layer<Scalar>] {
        var layers: [any Layer<Scalar>] = []
        var channels = inputShape[0]
        for (count, width) in blocks {
            for _ in 0..<count {
                // With BatchNorm the ReLU moves into it: it must follow the normalisation.
                layers.append(Conv2D<Scalar>(
                    inputChannels: channels, outputChannels: width, kernelSize: kernelSize, padding: padding,
                    initializer: initializer, relu: !batchNorm, rng: &rng))
                if batchNorm { layers.append(BatchNorm<Scalar>(channels: width, relu: true)) }
                channels = width
            }
            layers.append(MaxPool2D<Scalar>(size: poolSize))
        }
        return layers
    }
}
