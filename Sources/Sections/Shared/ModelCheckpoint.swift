import Learning
import ReportKit
import Tensor

/// A checkpoint of a network and its optimiser: the parameters and buffers,
/// then SGD's velocities or another optimiser's state.
extension Checkpoint {
    /// Everything the model and optimiser hold, in a fixed order, named for
    /// what it is: `model.<i>.<name>` for the i-th parameter or buffer,
    /// `optimizer.velocity.<i>.<name>` for its velocity.
    static func state<Method: Optimizer>(of model: Sequential<Float>, optimizer: Method) -> [NamedTensor] where Method.Scalar == Float {
        guard let sgd = optimizer as? SGD<Float> else { return weights(of: model) + otherState(of: optimizer) }
        return state(of: model, sgd: sgd)
    }

    /// SGD's checkpoints name each velocity after its parameter, as they always have.
    private static func state(of model: Sequential<Float>, sgd optimizer: SGD<Float>) -> [NamedTensor] {
        let velocities = zip(model.parameters + model.buffers, optimizer.velocities).enumerated().map { i, pair in
            NamedTensor(name: "optimizer.velocity.\(i).\(pair.0.name)", shape: pair.1.shape, scalars: pair.1.scalars)
        }
        return weights(of: model) + velocities
    }

    /// The model's parameters and buffers, `model.<i>.<name>`.
    private static func weights(of model: Sequential<Float>) -> [NamedTensor] {
        (model.parameters + model.buffers).enumerated().map { i, slot in
            NamedTensor(name: "model.\(i).\(slot.name)", shape: slot.value.shape, scalars: slot.value.scalars)
        }
    }

    /// Any other optimiser's state under its own names, `optimizer.<name>` (Adam: `exp_avg.<i>`, `exp_avg_sq.<i>`).
    private static func otherState<Method: Optimizer>(of optimizer: Method) -> [NamedTensor] where Method.Scalar == Float {
        optimizer.state().tensors.map { NamedTensor(name: "optimizer." + $0.name, shape: $0.tensor.shape, scalars: $0.tensor.scalars) }
    }

    /// The step count to keep beside the tensors: nil for SGD, whose checkpoints do without one.
    static func steps<Method: Optimizer>(of optimizer: Method) -> Int? {
        optimizer is SGD<Float> ? nil : optimizer.stepCount
    }

    func restore<Method: Optimizer>(into model: Sequential<Float>, optimizer: Method) throws where Method.Scalar == Float {
        if let sgd = optimizer as? SGD<Float> { return try restore(into: model, sgd: sgd) }
        let slots = model.parameters + model.buffers
        try restoreWeights(into: slots)
        let entries = tensors.dropFirst(slots.count).map { saved in
            OptimizerState<Float>.Entry(name: String(saved.name.dropFirst("optimizer.".count)),
                                        tensor: Tensor(shape: saved.shape, scalars: saved.scalars))
        }
        try optimizer.restore(OptimizerState(stepCount: metadata.optimizerSteps ?? 0, tensors: entries))
    }

    private func restoreWeights(into slots: [Parameter<Float>]) throws {
        guard tensors.count >= slots.count else { throw ReportError("checkpoint holds \(tensors.count) tensors, the model needs \(slots.count)") }
        for (slot, saved) in zip(slots, tensors) {
            guard slot.value.count == saved.scalars.count else {
                throw ReportError("checkpoint tensor \(saved.name) has \(saved.scalars.count) values, which do not fit \(slot.value.shape)")
            }
            slot.value.scalars = saved.scalars
        }
    }

    private func restore(into model: Sequential<Float>, sgd optimizer: SGD<Float>) throws {
        let slots = model.parameters + model.buffers
        try restoreWeights(into: slots)
        let velocities = tensors.dropFirst(slots.count)
        if !velocities.isEmpty {
            optimizer.restore(velocities: zip(slots.prefix(velocities.count), velocities).map {
                Tensor(shape: $0.value.shape, scalars: $1.scalars)
            })
        }
    }
}
