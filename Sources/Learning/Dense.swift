import Tensor

/// Fully connected layer: y = x·W + b with W stored [inputs, outputs], the
/// layout the original code used, so "the second layer's first column" means
/// the same weights here.
public final class Dense<Scalar: TensorScalar>: Layer {
    public let weight: Parameter<Scalar>
    public let bias: Parameter<Scalar>
    /// Whether the products with the input skip its zeros (`SparseRows`): for
    /// a first layer reading raw pixels that are mostly 0, as MNIST's are
    /// (Problem 1's epoch: a median of 1.80 s against 2.00 s through the BLAS
    /// in 8 alternated runs). The sums then run in another order than the
    /// BLAS's, so results differ in the last bits from a layer without it.
    public let skipsZeroInputs: Bool
    private var cachedInput: Tensor<Scalar>?
    private var cachedSparseInput: SparseRows<Scalar>?

    public init(
        inputs: Int, outputs: Int, initializer: Initializer, rng: inout SeededGenerator, skipsZeroInputs: Bool = false
    ) {
        weight = Parameter(
            name: "weight",
            value: initializer.make(shape: [inputs, outputs], fanIn: inputs, fanOut: outputs, rng: &rng))
        bias = Parameter(name: "bias", value: Tensor(zeros: [outputs]))
        self.skipsZeroInputs = skipsZeroInputs
    }

    public var inputs: Int { weight.value.shape[0] }
    public var outputs: Int { weight.value.shape[1] }
    public var description: String { "Dense \(inputs)→\(outputs)" }
    public var parameters: [Parameter<Scalar>] { [weight, bias] }
    public func outputShape(for inputShape: [Int]) -> [Int] { [outputs] }

    public func forward(_ input: Tensor<Scalar>, training: Bool) -> Tensor<Scalar> {
        let x = input.rank == 2 ? input : input.reshaped([input.shape[0], input.count / input.shape[0]])
        if skipsZeroInputs {
            let sparse = SparseRows(nonzerosOf: x)
            cachedSparseInput = training ? sparse : nil
            // The bias is added to the finished sums, as addRowVector would, without another pass.
            return sparse.times(weight.value, adding: bias.value)
        }
        cachedInput = training ? x : nil
        var y = Tensor<Scalar>.matmul(x, weight.value)
        y.addRowVector(bias.value)
        return y
    }

    public func backward(_ outputGradient: Tensor<Scalar>, needsInputGradient: Bool) -> Tensor<Scalar>? {
        if let sparse = cachedSparseInput {
            sparse.transposed().times(outputGradient, into: &weight.gradient)
        } else if let x = cachedInput {
            Tensor.matmul(x, outputGradient, transposeA: true, into: &weight.gradient)
        } else {
            preconditionFailure("Dense.backward without a training forward pass")
        }
        bias.gradient = outputGradient.sumRows()
        guard needsInputGradient else { return nil }
        return Tensor.matmul(outputGradient, weight.value, transposeB: true)
    }
}
