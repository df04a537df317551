import Learning
import ReportKit
import Tensor

/// A checkpoint of a network trained with SGD: its parameters, buffers and velocities.
extension Checkpoint {
    /// Everything the model and optimiser hold, in a fixed order, named for
    /// what it is: `model.<i>.<name>` for the i-th parameter or buffer,
    /// `optimizer.velocity.<i>.<name>` for its velocity.
    static func state(of model: Sequential<Float>, optimizer: SGD<Float>) -> [NamedTensor] {
        let slots = model.parameters + model.buffers
        let weights = slots.enumerated().map { i, slot in
            NamedTensor(name: "model.\(i).\(slot.name)", shape: slot.value.shape, scalars: slot.value.scalars)
        }
        let velocities = zip(slots, optimizer.velocities).enumerated().map { i, pair in
            NamedTensor(name: "optimizer.velocity.\(i).\(pair.0.name)", shape: pair.1.shape, scalars: pair.1.scalars)
        }
        return weights + velocities
    }

    func restore(into model: Sequential<Float>, optimizer: SGD<Float>) throws {
        let slots = model.parameters + model.buffers
        guard tensors.count >= slots.count else { throw ReportError("checkpoint holds \(tensors.count) tensors, the model needs \(slots.count)") }
        for (slot, saved) in zip(slots, tensors) {
            guard slot.value.count == saved.scalars.count else {
                throw ReportError("checkpoint tensor \(saved.name) has \(saved.scalars.count) values, which do not fit \(slot.value.shape)")
            }
            slot.value.scalars = saved.scalars
        }
        let velocities = tensors.dropFirst(slots.count)
        if !velocities.isEmpty {
            optimizer.restore(velocities: zip(slots.prefix(velocities.count), velocities).map {
                Tensor(shape: $0.value.shape, scalars: $1.scalars)
            })
        }
    }
}
