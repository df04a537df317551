import Tensor

/// Minibatch stochastic gradient descent, optionally with momentum.
public final class SGD<Scalar: TensorScalar>: Optimizer {
    public var learningRate: Scalar
    public let momentum: Scalar
    /// Velocity per parameter (same order as the model's parameters); empty without momentum.
    public private(set) var velocities: [Tensor<Scalar>] = []
    /// Updates taken so far. SGD's update does not depend on it; it is kept
    /// so that every optimiser's state says how far the run went.
    public private(set) var stepCount = 0

    public init(learningRate: Scalar, momentum: Scalar = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
    }

    public func step(_ parameters: [Parameter<Scalar>]) {
        stepCount += 1
        if momentum == 0 {
            for p in parameters { p.value.addScaled(p.gradient, by: -learningRate) }
            return
        }
        if velocities.isEmpty { velocities = parameters.map { Tensor(zeros: $0.value.shape) } }
        for (i, p) in parameters.enumerated() {
            let mu = momentum
            velocities[i].combine(with: p.gradient) { v, g in mu * v + g }
            p.value.addScaled(velocities[i], by: -learningRate)
        }
    }

    /// Restores saved velocities (checkpoint resume).
    public func restore(velocities saved: [Tensor<Scalar>]) { velocities = saved }

    /// `velocity.<i>` per parameter (none without momentum or before the first step).
    public func state() -> OptimizerState<Scalar> {
        OptimizerState(stepCount: stepCount, slots: [("velocity", velocities)])
    }

    public func restore(_ state: OptimizerState<Scalar>) throws {
        velocities = try state.slots(["velocity"])[0]
        stepCount = state.stepCount
    }
}
