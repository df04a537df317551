import Tensor

/// Problem 1's network: inputs → hidden… → classes, dense layers with a ReLU
/// between each pair. The first layer reads pixels, four in five of which are
/// 0 in MNIST, so by default its products skip them (`Dense.skipsZeroInputs`).
/// Every layer's dense products run on the workers (`Dense.productsOnWorkers`).
public enum MLP {
    /// An MNIST digit's pixels and the ten digits: the defaults, which the report quotes.
    public static let defaultInputs = 784
    public static let defaultClasses = 10

    public static func make<Scalar: TensorScalar>(
        hidden: [Int], initializer: Initializer, rng: inout SeededGenerator,
        inputs: Int = defaultInputs, classes: Int = defaultClasses, firstLayerSkipsZeroInputs: Bool = true
    ) -> Sequential<Scalar> {
        let sizes = [inputs] + hidden + [classes]
        var layers: [any Layer<Scalar>] = []
        for (i, (fanIn, fanOut)) in zip(sizes, sizes.dropFirst()).enumerated() {
            layers.append(Dense<Scalar>(
                inputs: fanIn, outputs: fanOut, initializer: initializer, rng: &rng,
                skipsZeroInputs: i == 0 && firstLayerSkipsZeroInputs, productsOnWorkers: true))
            if i < sizes.count - 2 { layers.append(ReLU<Scalar>()) }
        }
        return Sequential(inputShape: [inputs], layers: layers)
    }
}
