import Foundation
import Tensor

/// Softmax followed by cross-entropy against integer labels.
///
/// Per-row arithmetic is done in Double (10 or 2 classes, so it costs nothing)
/// so the reported losses do not depend on the training precision.
public struct SoftmaxCrossEntropy<Scalar: TensorScalar> {
    /// Softmax probabilities, [batch, classes].
    public var probabilities: Tensor<Scalar>
    /// Sum over the batch of −log p(true class), computed stably from the logits.
    public var totalLoss: Double
    /// Sum over the batch of −log(p(true class) + 1e-8): the loss as the
    /// original report printed it. With saturated logits p underflows and this
    /// stays near 18.4 where the exact loss keeps growing.
    public var totalClampedLoss: Double
    /// Number of rows whose arg-max is the label.
    public var correct: Int

    public static var clampEpsilon: Double { 1e-8 }

    public init(logits: Tensor<Scalar>, labels: [Int]) {
        precondition(logits.rank == 2 && logits.shape[0] == labels.count, "logits \(logits.shape) vs \(labels.count) labels")
        let classes = logits.shape[1]
        var probs = [Scalar](repeating: 0, count: logits.count)
        var total = 0.0, clamped = 0.0, hits = 0
        var row = [Double](repeating: 0, count: classes)
        logits.scalars.withUnsafeBufferPointer { z in
            for (r, label) in labels.enumerated() {
                precondition(label >= 0 && label < classes, "label \(label) outside 0..<\(classes)")
                var maxIndex = 0
                for j in 0..<classes {
                    row[j] = Double(z[r * classes + j])
                    if row[j] > row[maxIndex] { maxIndex = j }
                }
                let shift = row[maxIndex]
                var sum = 0.0
                for j in 0..<classes {
                    row[j] = Foundation.exp(row[j] - shift)
                    sum += row[j]
                }
                for j in 0..<classes { probs[r * classes + j] = Scalar(row[j] / sum) }
                total += Foundation.log(sum) - (Double(z[r * classes + label]) - shift)
                clamped -= Foundation.log(row[label] / sum + Self.clampEpsilon)
                if maxIndex == label { hits += 1 }
            }
        }
        probabilities = Tensor(shape: logits.shape, scalars: probs)
        totalLoss = total
        totalClampedLoss = clamped
        correct = hits
    }

    /// d(mean loss)/d(logits) = (p − onehot) / batch.
    public func logitGradient(labels: [Int]) -> Tensor<Scalar> {
        var g = probabilities
        let classes = g.shape[1]
        let scale = 1 / Scalar(labels.count)
        g.scalars.withUnsafeMutableBufferPointer { p in
            for (r, label) in labels.enumerated() { p[r * classes + label] -= 1 }
            for i in p.indices { p[i] *= scale }
        }
        return g
    }
}
