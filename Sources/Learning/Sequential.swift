import Tensor

/// Layers applied in order.
public final class Sequential<Scalar: TensorScalar> {
    public let layers: [any Layer<Scalar>]
    /// Per-sample input shape, e.g. [784] or [1, 28, 28].
    public let inputShape: [Int]

    public init(inputShape: [Int], layers: [any Layer<Scalar>]) {
        self.inputShape = inputShape
        self.layers = layers
    }

    public var parameters: [Parameter<Scalar>] { layers.flatMap { $0.parameters } }
    public var buffers: [Parameter<Scalar>] { layers.flatMap { $0.buffers } }
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }

    /// Runs the batch through every layer. Inputs arrive flat ([batch, features])
    /// and are viewed with the model's per-sample shape.
    public func forward(_ input: Tensor<Scalar>, training: Bool) -> Tensor<Scalar> {
        LayerChain.forward(layers[...], input.reshaped([input.shape[0]] + inputShape), training: training).output
    }

    public func backward(_ outputGradient: Tensor<Scalar>) {
        var g = outputGradient
        for (i, layer) in layers.enumerated().reversed() {
            guard let next = layer.backward(g, needsInputGradient: i > 0) else { break }
            g = next
        }
    }

    /// One row per layer: its description, per-sample output shape and parameter count.
    public func summary() -> [LayerSummary] {
        var shape = inputShape
        return layers.map { layer in
            shape = layer.outputShape(for: shape)
            return LayerSummary(layer: layer.description, outputShape: shape, parameters: layer.parameterCount)
        }
    }
}

public struct LayerSummary: Codable, Equatable, Sendable {
    public var layer: String
    public var outputShape: [Int]
    public var parameters: Int
}
