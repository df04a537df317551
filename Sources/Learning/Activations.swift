import Tensor

/// max(0, x). The derivative at exactly 0 is taken as 0, as the original did:
/// with all-zero weights this is what keeps a zero-initialised network frozen.
public final class ReLU<Scalar: TensorScalar>: Layer {
    private var cachedOutput: Tensor<Scalar>?
    public init() {}
    public var description: String { "ReLU" }

    public func forward(_ input: Tensor<Scalar>, training: Bool) -> Tensor<Scalar> {
        let y = input.rectified()  // specialised, multithreaded max(0, x)
        cachedOutput = training ? y : nil
        return y
    }

    public func backward(_ outputGradient: Tensor<Scalar>, needsInputGradient: Bool) -> Tensor<Scalar>? {
        guard needsInputGradient else { return nil }
        guard let y = cachedOutput else { preconditionFailure("ReLU.backward without a training forward pass") }
        return outputGradient.keepingWherePositive(y)
    }
}

/// 1 / (1 + e^−x), with derivative s(1 − s) from the cached output.
public final class Sigmoid<Scalar: TensorScalar>: Layer {
    private var cachedOutput: Tensor<Scalar>?
    public init() {}
    public var description: String { "Sigmoid" }

    public func forward(_ input: Tensor<Scalar>, training: Bool) -> Tensor<Scalar> {
        let y = input.map { 1 / (1 + Scalar.exp(-$0)) }
        cachedOutput = training ? y : nil
        return y
    }

    public func backward(_ outputGradient: Tensor<Scalar>, needsInputGradient: Bool) -> Tensor<Scalar>? {
        guard needsInputGradient else { return nil }
        guard let s = cachedOutput else { preconditionFailure("Sigmoid.backward without a training forward pass") }
        var g = outputGradient
        g.combine(with: s) { grad, out in grad * out * (1 - out) }
        return g
    }
}

/// Collapses [batch, c, h, w] to [batch, c·h·w]; storage is already in that order.
public final class Flatten<Scalar: TensorScalar>: Layer {
    private var cachedShape: [Int] = []
    public init() {}
    public var description: String { "Flatten" }
    public func outputShape(for inputShape: [Int]) -> [Int] { [inputShape.reduce(1, *)] }

    public func forward(_ input: Tensor<Scalar>, training: Bool) -> Tensor<Scalar> {
        cachedShape = input.shape
        return input.reshaped([input.shape[0], input.count / max(input.shape[0], 1)])
    }

    public func backward(_ outputGradient: Tensor<Scalar>, needsInputGradient: Bool) -> Tensor<Scalar>? {
        needsInputGradient ? outputGradient.reshaped(cachedShape) : nil
    }
}
