import Tensor

/// y = ReLU(body(x) + shortcut(x)), He et al.'s basic block. The shortcut is
/// the identity or a projection (1×1 convolution, possibly with BatchNorm)
/// when the shape changes.
public final class ResidualBlock<Scalar: TensorScalar>: Layer {
    public let body: [any Layer<Scalar>]
    public let shortcut: [any Layer<Scalar>]
    /// The block's output in training, whose positive entries let the gradient through.
    private var cachedOutput: Tensor<Scalar>?

    public init(body: [any Layer<Scalar>], shortcut: [any Layer<Scalar>] = []) {
        self.body = body
        self.shortcut = shortcut
    }

    public var description: String {
        "Residual[" + body.map(\.description).joined(separator: ", ")
            + (shortcut.isEmpty ? "" : " | " + shortcut.map(\.description).joined(separator: ", ")) + "]"
    }
    public var parameters: [Parameter<Scalar>] { (body + shortcut).flatMap { $0.parameters } }
    public var buffers: [Parameter<Scalar>] { (body + shortcut).flatMap { $0.buffers } }

    public func outputShape(for inputShape: [Int]) -> [Int] {
        body.reduce(inputShape) { $1.outputShape(for: $0) }
    }

    public func forward(_ input: Tensor<Scalar>, training: Bool) -> Tensor<Scalar> {
        var main: Tensor<Scalar>
        if let last = body.last as? BatchNorm<Scalar>, !last.rectifiesOutput {
            // BatchNorm, sum and ReLU in one pass over the block's output.
            let front = LayerChain.forward(body.dropLast(), input, training: training, momentsOfLast: true)
            let side = LayerChain.forward(shortcut[...], input, training: training).output
            main = last.forward(front.output, training: training, planeMoments: front.planeMoments, addingThenRectifying: side)
        } else {
            main = LayerChain.forward(body[...], input, training: training).output
            let side = LayerChain.forward(shortcut[...], input, training: training).output
            // The sum and the ReLU in one pass over the block's output.
            main.addRectifying(side)
        }
        cachedOutput = training ? main : nil
        return main
    }

    public func backward(_ outputGradient: Tensor<Scalar>, needsInputGradient: Bool) -> Tensor<Scalar>? {
        guard let y = cachedOutput else { preconditionFailure("ResidualBlock.backward without a training forward pass") }
        let g = outputGradient.keepingWherePositive(y)
        // Inner layers always pass gradients on: the block's input gradient is their sum.
        var throughBody = g
        for layer in body.reversed() { throughBody = layer.backward(throughBody, needsInputGradient: true)! }
        var throughShortcut = g
        for layer in shortcut.reversed() { throughShortcut = layer.backward(throughShortcut, needsInputGradient: true)! }
        guard needsInputGradient else { return nil }
        throughBody.add(throughShortcut)
        return throughBody
    }
}
