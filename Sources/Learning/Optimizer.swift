import Tensor

/// A rule that updates parameters from their gradients (SGD, Adam).
///
/// An optimiser keeps state between steps (velocities, moment estimates, the
/// step count Adam's bias correction needs). `state()` hands all of it out as
/// named tensors plus the step count, and `restore(_:)` puts it back, so a run
/// saved after step n and resumed continues exactly as an uninterrupted one.
public protocol Optimizer<Scalar>: AnyObject {
    associatedtype Scalar: TensorScalar

    /// Updates taken so far.
    var stepCount: Int { get }

    /// One update of every parameter from its `gradient`. The parameters must
    /// come in the same order (and shapes) at every step: the state is kept per position.
    func step(_ parameters: [Parameter<Scalar>])

    /// Everything the next steps depend on besides the parameters themselves.
    func state() -> OptimizerState<Scalar>

    /// Replaces the state with a saved one (from `state()` of an optimiser of
    /// the same kind); throws when its names do not fit this optimiser.
    func restore(_ state: OptimizerState<Scalar>) throws
}

/// An optimiser's saved state: the step count and its tensors, named
/// `<kind>.<parameter position>` (e.g. `exp_avg.3`), in a fixed order.
public struct OptimizerState<Scalar: TensorScalar>: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        public var name: String
        public var tensor: Tensor<Scalar>

        public init(name: String, tensor: Tensor<Scalar>) {
            self.name = name
            self.tensor = tensor
        }
    }

    public var stepCount: Int
    public var tensors: [Entry]

    public init(stepCount: Int, tensors: [Entry]) {
        self.stepCount = stepCount
        self.tensors = tensors
    }

    /// The tensors of per-parameter slots `kinds`, interleaved per parameter:
    /// kinds[0].0, kinds[1].0, kinds[0].1, ...
    init(stepCount: Int, slots kinds: [(name: String, tensors: [Tensor<Scalar>])]) {
        let count = kinds.first?.tensors.count ?? 0
        let entries = (0..<count).flatMap { i in kinds.map { Entry(name: "\($0.name).\(i)", tensor: $0.tensors[i]) } }
        self.init(stepCount: stepCount, tensors: entries)
    }

    /// The inverse of `init(stepCount:slots:)`: the tensors of each kind, or
    /// an error when the names are not exactly that layout.
    func slots(_ kinds: [String]) throws -> [[Tensor<Scalar>]] {
        guard stepCount >= 0, kinds.count > 0, tensors.count % kinds.count == 0 else {
            throw OptimizerStateMismatch(expected: kinds, found: tensors.map(\.name))
        }
        var result = kinds.map { _ in [Tensor<Scalar>]() }
        for (n, entry) in tensors.enumerated() {
            let kind = n % kinds.count, position = n / kinds.count
            guard entry.name == "\(kinds[kind]).\(position)" else {
                throw OptimizerStateMismatch(expected: kinds, found: tensors.map(\.name))
            }
            result[kind].append(entry.tensor)
        }
        return result
    }
}

/// A saved optimiser state whose tensors are not the ones this optimiser keeps
/// (another optimiser's, or damaged).
public struct OptimizerStateMismatch: Error, CustomStringConvertible, Sendable {
    public var expected: [String]
    public var found: [String]
    public var description: String {
        "optimiser state holds \(found.prefix(4).joined(separator: ", "))\(found.count > 4 ? ", …" : "") "
            + "(\(found.count) tensors); expected per-parameter \(expected.joined(separator: ", "))"
    }
}
