import Tensor

/// A trainable tensor and the gradient of the loss with respect to it.
public final class Parameter<Scalar: TensorScalar> {
    public let name: String
    public var value: Tensor<Scalar>
    public var gradient: Tensor<Scalar>

    public init(name: String, value: Tensor<Scalar>) {
        self.name = name
        self.value = value
        self.gradient = Tensor(zeros: value.shape)
    }
}

/// One stage of a network. `forward` keeps what `backward` needs (named caches
/// on the layer); `backward` sets the gradients of the layer's parameters and
/// returns the gradient with respect to the layer's input.
public protocol Layer<Scalar>: AnyObject {
    associatedtype Scalar: TensorScalar

    /// Short kind and size, e.g. "Dense 784→666".
    var description: String { get }
    var parameters: [Parameter<Scalar>] { get }
    /// State that is not trained by gradients but must be saved with the
    /// weights (BatchNorm's running statistics).
    var buffers: [Parameter<Scalar>] { get }

    func forward(_ input: Tensor<Scalar>, training: Bool) -> Tensor<Scalar>

    /// `needsInputGradient` is false for the first layer, whose input gradient
    /// nobody reads; skipping it saves the largest GEMM of an MLP's backward pass.
    func backward(_ outputGradient: Tensor<Scalar>, needsInputGradient: Bool) -> Tensor<Scalar>?

    /// Per-sample output shape (batch dimension excluded) for a per-sample input shape.
    func outputShape(for inputShape: [Int]) -> [Int]
}

extension Layer {
    public var parameters: [Parameter<Scalar>] { [] }
    public var buffers: [Parameter<Scalar>] { [] }
    public func outputShape(for inputShape: [Int]) -> [Int] { inputShape }
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }
}
