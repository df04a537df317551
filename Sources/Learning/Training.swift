import Foundation
import Tensor

/// Loss and accuracy accumulated over many batches.
public struct Evaluation: Codable, Equatable, Sendable {
    public var examples: Int = 0
    public var correct: Int = 0
    public var totalLoss: Double = 0
    public var totalClampedLoss: Double = 0

    public init() {}

    /// A fraction, as every saved accuracy is.
    public var accuracy: Double { examples == 0 ? .nan : Double(correct) / Double(examples) }
    /// Mean exact cross-entropy.
    public var meanLoss: Double { totalLoss / Double(examples) }
    /// Mean of −log(p + 1e-8), the original report's printed loss.
    public var meanClampedLoss: Double { totalClampedLoss / Double(examples) }

    public mutating func add<S>(_ result: SoftmaxCrossEntropy<S>, count: Int) {
        examples += count
        correct += result.correct
        totalLoss += result.totalLoss
        totalClampedLoss += result.totalClampedLoss
    }
}

/// Called after each batch with (batches done, batches in the epoch).
public typealias BatchProgress = (Int, Int) -> Void

/// Trains a model with softmax cross-entropy and any optimiser (`Method`:
/// SGD, Adam). Most code names it `Trainer<Scalar>`, the SGD trainer.
public final class ModelTrainer<Method: Optimizer> {
    public typealias Scalar = Method.Scalar
    public let model: Sequential<Scalar>
    public let optimizer: Method

    public init(model: Sequential<Scalar>, optimizer: Method) {
        self.model = model
        self.optimizer = optimizer
    }

    /// One optimiser step on one batch; returns the batch's loss statistics
    /// (computed on the forward pass before the update).
    @discardableResult
    public func step(_ batch: Batch<Scalar>) -> SoftmaxCrossEntropy<Scalar> {
        let logits = model.forward(batch.inputs, training: true)
        let loss = SoftmaxCrossEntropy(logits: logits, labels: batch.labels)
        model.backward(loss.logitGradient(labels: batch.labels))
        optimizer.step(model.parameters)
        return loss
    }
}

/// The SGD trainer. A type alias rather than the class itself so that code
/// written before other optimisers existed (`Trainer<Float>`, whose
/// `optimizer` is an `SGD<Float>` it checkpoints through `velocities`) keeps
/// compiling unchanged.
public typealias Trainer<Scalar: TensorScalar> = ModelTrainer<SGD<Scalar>>

/// Loss and accuracy of `model` on `examples` as they are (no augmentation),
/// in order, without training caches.
public func evaluate<Examples: LabelledExamples>(
    _ model: Sequential<Examples.Scalar>, on examples: Examples, batchSize: Int = 1000
) -> Evaluation {
    var result = Evaluation()
    for start in stride(from: 0, to: examples.count, by: batchSize) {
        let batch = examples.batch(start..<min(start + batchSize, examples.count))
        let logits = model.forward(batch.inputs, training: false)
        result.add(SoftmaxCrossEntropy(logits: logits, labels: batch.labels), count: batch.labels.count)
    }
    return result
}

/// Class probabilities for every example as it is, [n, classes].
public func predictProbabilities<Examples: LabelledExamples>(
    _ model: Sequential<Examples.Scalar>, on examples: Examples, batchSize: Int = 1000
) -> Tensor<Examples.Scalar> {
    var rows: [Examples.Scalar] = []
    var classes = 0
    for start in stride(from: 0, to: examples.count, by: batchSize) {
        let batch = examples.batch(start..<min(start + batchSize, examples.count))
        let logits = model.forward(batch.inputs, training: false)
        classes = logits.shape[1]
        // Labels are not needed here, and unlabelled test photos carry none.
        let anyLabels = Array(repeating: 0, count: batch.labels.count)
        rows += SoftmaxCrossEntropy(logits: logits, labels: anyLabels).probabilities.scalars
    }
    return Tensor(shape: [examples.count, classes], scalars: rows)
}

/// Class probabilities for unlabelled inputs, [n, classes].
public func predictProbabilities<Scalar>(
    _ model: Sequential<Scalar>, inputs: Tensor<Scalar>, batchSize: Int = 1000
) -> Tensor<Scalar> {
    let unlabelled = InMemoryExamples(inputs: inputs, labels: Array(repeating: 0, count: inputs.shape[0]))
    return predictProbabilities(model, on: unlabelled, batchSize: batchSize)
}
