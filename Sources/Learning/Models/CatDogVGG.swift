import Tensor

/// The cats-vs-dogs VGG for 64×64 RGB images: blocks of (1×32), (2×64),
/// (2×128), (2×256) 3×3 convolutions with padding 1 and ReLU, a 2×2 max pool
/// after each block (64 → 32 → 16 → 8 → 4), then 4096 → 1024 → 512 → 2.
public enum CatDogVGG {
    public static let inputShape = [3, 64, 64]
    public static let classes = 2
    /// (convolutions, channels) per block.
    public static let blocks = [(1, 32), (2, 64), (2, 128), (2, 256)]

    public static func make<Scalar>(
        rng: inout SeededGenerator, initializer: Initializer = .glorot
    ) -> Sequential<Scalar> {
        var layers: [any Layer<Scalar>] = []
        var channels = inputShape[0]
        for (count, width) in blocks {
            for _ in 0..<count {
                layers.append(Conv2D<Scalar>(
                    inputChannels: channels, outputChannels: width, kernelSize: 3, padding: 1,
                    initializer: initializer, relu: true, rng: &rng))
                channels = width
            }
            layers.append(MaxPool2D<Scalar>(size: 2))
        }
        layers.append(Flatten<Scalar>())
        layers.append(Dense<Scalar>(inputs: channels * 4 * 4, outputs: 1024, initializer: initializer, rng: &rng))
        layers.append(ReLU<Scalar>())
        layers.append(Dense<Scalar>(inputs: 1024, outputs: 512, initializer: initializer, rng: &rng))
        layers.append(ReLU<Scalar>())
        layers.append(Dense<Scalar>(inputs: 512, outputs: classes, initializer: initializer, rng: &rng))
        return Sequential(inputShape: inputShape, layers: layers)
    }
}
