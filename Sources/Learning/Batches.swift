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
}
