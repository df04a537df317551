import Tensor

/// Problem 1's network: inputs → hidden… → classes, dense layers with a ReLU
/// between each pair.
public enum MLP {
    /// An MNIST digit's pixels and the ten digits: the defaults, which the report quotes.
    public static let defaultInputs = 784
    public static let defaultClasses = 10

    public static func make<Scalar: TensorScalar>(
        hidden: [Int], initializer: Initializer, rng: inout SeededGenerator,
        inputs: Int = defaultInputs, classes: Int = defaultClasses
    ) -> Sequential<Scalar> {
        let sizes = [inputs] + hidden + [classes]
        var layers: [any Layer<Scalar>] = []
        for (i, (fanIn, fanOut)) in zip(sizes, sizes.dropFirst()).enumerated() {
            layers.append(Dense<Scalar>(inputs: fanIn, outputs: fanOut, initializer: initializer, rng: &rng))
            if i < sizes.count - 2 { layers.append(ReLU<Scalar>()) }
        }
        return Sequential(inputShape: [inputs], layers: layers)
    }
}
