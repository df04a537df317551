import Tensor

/// Central finite differences against back-propagation.
public enum GradientCheck {
    /// Back-propagated gradient of the mean exact cross-entropy for every parameter.
    public static func backpropGradients<Scalar>(
        _ model: Sequential<Scalar>, inputs: Tensor<Scalar>, labels: [Int]
    ) -> [Tensor<Scalar>] {
        let logits = model.forward(inputs, training: true)
        let loss = SoftmaxCrossEntropy(logits: logits, labels: labels)
        model.backward(loss.logitGradient(labels: labels))
        return model.parameters.map(\.gradient)
    }

    /// Mean exact cross-entropy of the model on a batch. `training` selects the
    /// forward mode: BatchNorm must be checked in training mode (batch statistics).
    public static func loss<Scalar>(
        _ model: Sequential<Scalar>, inputs: Tensor<Scalar>, labels: [Int], training: Bool = false
    ) -> Double {
        let logits = model.forward(inputs, training: training)
        return SoftmaxCrossEntropy(logits: logits, labels: labels).totalLoss / Double(labels.count)
    }

    /// (L(θ + ε) − L(θ − ε)) / 2ε for the given flat indices of one parameter.
    /// The perturbed value is formed in the model's precision, so a Float model
    /// shows the rounding error that a Double model does not.
    public static func finiteDifferences<Scalar>(
        _ model: Sequential<Scalar>, parameter: Parameter<Scalar>, indices: [Int],
        epsilon: Double, inputs: Tensor<Scalar>, labels: [Int], training: Bool = false
    ) -> [Double] {
        indices.map { i in
            let original = parameter.value.scalars[i]
            parameter.value.scalars[i] = original + Scalar(epsilon)
            let plus = loss(model, inputs: inputs, labels: labels, training: training)
            parameter.value.scalars[i] = original - Scalar(epsilon)
            let minus = loss(model, inputs: inputs, labels: labels, training: training)
            parameter.value.scalars[i] = original
            return (plus - minus) / (2 * epsilon)
        }
    }

    /// Largest |backprop − finite difference| over `indices`, and the largest
    /// relative error |a − b| / max(|a| + |b|, tiny), for every parameter of the model.
    public static func relativeErrors<Scalar>(
        _ model: Sequential<Scalar>, inputs: Tensor<Scalar>, labels: [Int], epsilon: Double,
        samplesPerParameter: Int, rng: inout SeededGenerator
    ) -> [(name: String, maxRelative: Double)] {
        let analytic = backpropGradients(model, inputs: inputs, labels: labels)
        return model.parameters.enumerated().map { k, p in
            let picks = (0..<min(samplesPerParameter, p.value.count)).map { _ in rng.integer(below: p.value.count) }
            let numeric = finiteDifferences(model, parameter: p, indices: picks, epsilon: epsilon, inputs: inputs, labels: labels)
            var worst = 0.0
            for (j, i) in picks.enumerated() {
                let a = Double(analytic[k].scalars[i]), b = numeric[j]
                worst = max(worst, abs(a - b) / max(abs(a) + abs(b), 1e-12))
            }
            return ("\(k):\(p.name)", worst)
        }
    }
}
