import Tensor

/// Labelled examples a training loop draws batches from and an evaluation
/// scores: digits held in memory, or photos augmented as they are batched.
public protocol LabelledExamples<Scalar> {
    associatedtype Scalar: TensorScalar
    var count: Int { get }
    /// The examples at `indices` as training sees them; `rng` draws whatever
    /// augmentation the examples apply (nothing for plain examples).
    func trainingBatch(_ indices: ArraySlice<Int>, rng: inout SeededGenerator) -> Batch<Scalar>
    /// The examples at `indices` as they are, for evaluation and prediction.
    func batch(_ indices: Range<Int>) -> Batch<Scalar>
}

extension InMemoryExamples: LabelledExamples {
    public func trainingBatch(_ indices: ArraySlice<Int>, rng: inout SeededGenerator) -> Batch<Scalar> {
        Batch(inputs: inputs.gather(rows: indices), labels: indices.map { labels[$0] })
    }

    public func batch(_ indices: Range<Int>) -> Batch<Scalar> {
        Batch(inputs: inputs.slice(rows: indices), labels: Array(labels[indices]))
    }
}
