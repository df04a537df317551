import Tensor

/// Fully connected layer: y = x·W + b with W stored [inputs, outputs], the
/// layout the original code used, so "the second layer's first column" means
/// the same weights here.
public final class Dense<Scalar: TensorScalar>: Layer {
    public let weight: Parameter<Scalar>
    public let bias: Parameter<Scalar>
    private var cachedInput: Tensor<Scalar>?

    public init(inputs: Int, outputs: Int, initializer: Initializer, rng: inout SeededGenerator) {
        weight = Parameter(
            name: "weight",
            value: initializer.make(shape: [inputs, outputs], fanIn: inputs, fanOut: outputs, rng: &rng))
        bias = Parameter(name: "bias", value: Tensor(zeros: [outputs]))
    }

    public var inputs: Int { weight.value.shape[0] }
    public var outputs: Int { weight.value.shape[1] }
    public var description: String { "Dense \(inputs)→\(outputs)" }
    public var parameters: [Parameter<Scalar>] { [weight, bias] }
    public func outputShape(for inputShape: [Int]) -> [Int] { [outputs] }

    public func forward(_ input: Tensor<Scalar>, training: Bool) -> Tensor<Scalar> {
        let x = input.rank == 2 ? input : input.reshaped([input.shape[0], input.count / input.shape[0]])
        cachedInput = training ? x : nil
        var y = Tensor<Scalar>.matmul(x, weight.value)
        y.addRowVector(bias.value)
        return y
    }

    public func backward(_ outputGradient: Tensor<Scalar>, needsInputGradient: Bool) -> Tensor<Scalar>? {
        guard let x = cachedInput else { preconditionFailure("Dense.backward without a training forward pass") }
        Tensor.matmul(x, outputGradient, transposeA: true, into: &weight.gradient)
        bias.gradient = outputGradient.sumRows()
        guard needsInputGradient else { return nil }
        return Tensor.matmul(outputGradient, weight.value, transposeB: true)
    }
}
