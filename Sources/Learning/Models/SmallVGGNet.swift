import Tensor

/// The MNIST convolutional network of problem 2: three VGG blocks of two 3×3
/// convolutions each (the first padded by 3 to turn 28×28 into 32×32, so that
/// three 2×2 poolings end at 4×4), then a 1024-500-500-10 MLP. 839,802 parameters.
///
///     [1,28,28] → Conv 1→16 pad 3 → [16,32,32] → Conv 16→16 → pool → [16,16,16]
///               → Conv 16→32, Conv 32→32 → pool → [32,8,8]
///               → Conv 32→64, Conv 64→64 → pool → [64,4,4] → 1024 → 500 → 500 → 10
///
/// (ReLU after every convolution, fused into it, and after every hidden dense layer.)
public enum SmallVGGNet {
    public static let inputShape = [1, 28, 28]
    public static let classes = 10
    /// Kernel side of every convolution; the report quotes it.
    public static let kernelSize = 3

    public static func make<Scalar>(
        rng: inout SeededGenerator, initializer: Initializer = .glorot
    ) -> Sequential<Scalar> {
        var layers: [any Layer<Scalar>] = []
        func conv(_ cin: Int, _ cout: Int, padding: Int = 1) {
            layers.append(Conv2D<Scalar>(
                inputChannels: cin, outputChannels: cout, kernelSize: kernelSize, padding: padding,
                initializer: initializer, relu: true, rng: &rng))
        }
        conv(1, 16, padding: 3)
        conv(16, 16)
        layers.append(MaxPool2D<Scalar>(size: 2))
        conv(16, 32)
        conv(32, 32)
        layers.append(MaxPool2D<Scalar>(size: 2))
        conv(32, 64)
        conv(64, 64)
        layers.append(MaxPool2D<Scalar>(size: 2))
        layers.append(Flatten<Scalar>())
        layers.append(Dense<Scalar>(inputs: 1024, outputs: 500, initializer: initializer, rng: &rng))
        layers.append(ReLU<Scalar>())
        layers.append(Dense<Scalar>(inputs: 500, outputs: 500, initializer: initializer, rng: &rng))
        layers.append(ReLU<Scalar>())
        layers.append(Dense<Scalar>(inputs: 500, outputs: classes, initializer: initializer, rng: &rng))
        return Sequential(inputShape: inputShape, layers: layers)
    }
}
