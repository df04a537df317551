import Tensor

/// A minibatch: inputs flattened per sample ([batch, features]) and their labels.
public struct Batch<Scalar: TensorScalar> {
    public var inputs: Tensor<Scalar>
    public var labels: [Int]

    public init(inputs: Tensor<Scalar>, labels: [Int]) {
        precondition(inputs.shape[0] == labels.count, "\(inputs.shape[0]) inputs vs \(labels.count) labels")
        self.inputs = inputs
        self.labels = labels
    }
}

/// Samples held in memory, served as minibatches.
public struct InMemoryExamples<Scalar: TensorScalar>: Sendable {
    public var inputs: Tensor<Scalar>
    public var labels: [Int]

    public init(inputs: Tensor<Scalar>, labels: [Int]) {
        precondition(inputs.shape[0] == labels.count, "\(inputs.shape[0]) inputs vs \(labels.count) labels")
        self.inputs = inputs
        self.labels = labels
    }

    public var count: Int { labels.count }

    /// Batches over a fresh random permutation (every epoch reshuffles the
    /// examples, not only the order of fixed batches); the last batch may be short.
    public func shuffledBatches(size: Int, rng: inout SeededGenerator) -> LazyMapSequence<StrideTo<Int>, Batch<Scalar>> {
        let order = rng.permutation(count)
        return batches(size: size, order: order)
    }

    /// Batches in storage order (evaluation).
    public func orderedBatches(size: Int) -> LazyMapSequence<StrideTo<Int>, Batch<Scalar>> {
        batches(size: size, order: Array(0..<count))
    }

    private func batches(size: Int, order: [Int]) -> LazyMapSequence<StrideTo<Int>, Batch<Scalar>> {
        precondition(size > 0, "batch size must be positive")
        return stride(from: 0, to: count, by: size).lazy.map { start in
            let picked = order[start..<min(start + size, order.count)]
            return Batch(inputs: inputs.gather(rows: picked), labels: picked.map { labels[$0] })
        }
    }
}
