import Tensor

/// Inverted dropout: in training, each activation is zeroed with probability
/// `probability` and the survivors are scaled by 1/(1 − p), so that the
/// expected activation is unchanged and evaluation is the identity.
///
/// The masks must be reproducible and must survive a checkpoint without
/// changing `Layer` or every layer's `forward`. So the layer holds a generator
/// of its own (derived from the model's when the model is built) and draws the
/// mask of its n-th training pass from `stream.derived("pass n")`. The pass
/// counter is the layer's one buffer: checkpoints save buffers with the
/// weights, so a resumed run draws exactly the masks the uninterrupted run
/// would have drawn, and setting the counter back replays a mask.
public final class Dropout<Scalar: TensorScalar>: Layer {
    public let probability: Double
    /// The generator the masks are derived from.
    public let stream: SeededGenerator
    /// Training passes so far, [1]. A float, as every buffer is: exact up to
    /// 2^24 passes in Float (`forward` stops before that).
    public let passes: Parameter<Scalar>
    /// The last training pass's mask: 0 or 1/(1 − p) per activation; nil
    /// when that pass was the identity (p = 0) or the last pass was not training.
    public private(set) var mask: Tensor<Scalar>?
    private var lastPassTrained = false

    /// `generator`: e.g. `rng.derived("dropout.1")`, which does not advance
    /// the model's generator, so the weights drawn after it stay the same.
    public init(probability: Double, generator: SeededGenerator) {
        precondition(probability >= 0 && probability < 1, "dropout probability must be in [0, 1), got \(probability)")
        self.probability = probability
        stream = generator
        passes = Parameter(name: "dropout_passes", value: Tensor(zeros: [1]))
    }

    public var description: String { "Dropout \(probability)" }
    public var buffers: [Parameter<Scalar>] { [passes] }

    public func forward(_ input: Tensor<Scalar>, training: Bool) -> Tensor<Scalar> {
        lastPassTrained = training
        guard training, probability > 0 else {
            mask = nil
            return input
        }
        let pass = Int(passes.value.scalars[0])
        precondition(pass < 1 << (Scalar.significandBitCount + 1), "Dropout: pass counter would lose precision")
        passes.value.scalars[0] = Scalar(pass + 1)
        let drawn = Dropout.mask(shape: input.shape, probability: probability, generator: stream.derived("pass \(pass)"))
        mask = drawn
        return input * drawn
    }

    public func backward(_ outputGradient: Tensor<Scalar>, needsInputGradient: Bool) -> Tensor<Scalar>? {
        guard needsInputGradient else { return nil }
        precondition(lastPassTrained, "Dropout.backward without a training forward pass")
        // Only kept units carry gradient, with the same scale as forward: y = x·mask.
        guard let mask else { return outputGradient }
        return outputGradient * mask
    }

    /// 0 with probability p, else 1/(1 − p): one uniform draw per element,
    /// compared in double precision so that p is not rounded to `Scalar`.
    public static func mask(shape: [Int], probability: Double, generator: SeededGenerator) -> Tensor<Scalar> {
        var rng = generator
        let keep = Scalar(1 / (1 - probability))
        let count = shape.reduce(1, *)
        var scalars = [Scalar](repeating: 0, count: count)
        for i in 0..<count where rng.nextUnitDouble() >= probability { scalars[i] = keep }
        return Tensor(shape: shape, scalars: scalars)
    }
}
