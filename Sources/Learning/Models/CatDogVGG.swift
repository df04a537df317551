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

    public static func make<Scalar>(
        rng: inout SeededGenerator, initializer: Initializer = .glorot
    ) -> Sequential<Scalar> {
        var layers: [any Layer<Scalar>] = []
        var channels = inputShape[0]
        for (count, width) in blocks {
            for _ in 0..<count {
                layers.append(Conv2D<Scalar>(
                    inputChannels: channels, outputChannels: width, kernelSize: kernelSize, padding: padding,
                    initializer: initializer, relu: true, rng: &rng))
                channels = width
            }
            layers.append(MaxPool2D<Scalar>(size: poolSize))
        }
        layers.append(Flatten<Scalar>())
        layers.append(Dense<Scalar>(inputs: channels * featureSide * featureSide, outputs: 1024, initializer: initializer, rng: &rng))
        layers.append(ReLU<Scalar>())
        layers.append(Dense<Scalar>(inputs: 1024, outputs: 512, initializer: initializer, rng: &rng))
        layers.append(ReLU<Scalar>())
        layers.append(Dense<Scalar>(inputs: 512, outputs: classes, initializer: initializer, rng: &rng))
        return Sequential(inputShape: inputShape, layers: layers)
    }
}
