import Foundation
import Tensor

/// Adam (Kingma & Ba, 2015) with the semantics of PyTorch's `torch.optim.Adam`
/// (no AMSGrad): per element, at step t,
///
///     g ← g + λθ                     (weight decay λ, 0 by default: L2 added to the gradient)
///     m ← β₁m + (1 − β₁)g            v ← β₂v + (1 − β₂)g²
///     θ ← θ − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
///
/// ε is added to the bias-corrected √v̂, not inside the root, as PyTorch does;
/// this is what matters where gradients are of the order of ε.
public final class Adam<Scalar: TensorScalar>: Optimizer {
    // The hyperparameters are Doubles because PyTorch's are Python floats: the
    // bias corrections 1 − βᵗ are formed in double precision and only the
    // per-step constants are rounded to the tensors' precision.
    public var learningRate: Double
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double
    public let weightDecay: Double
    public private(set) var stepCount = 0
    /// m (PyTorch's `exp_avg`) and v (`exp_avg_sq`) per parameter, in the
    /// model's parameter order; empty before the first step.
    public private(set) var firstMoments: [Tensor<Scalar>] = []
    public private(set) var secondMoments: [Tensor<Scalar>] = []

    public init(
        learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
        epsilon: Double = 1e-8, weightDecay: Double = 0
    ) {
        precondition((0..<1).contains(beta1) && (0..<1).contains(beta2), "Adam needs 0 ≤ β < 1")
        precondition(epsilon >= 0 && weightDecay >= 0, "Adam needs ε ≥ 0 and weight decay ≥ 0")
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    public func step(_ parameters: [Parameter<Scalar>]) {
        if firstMoments.isEmpty && stepCount == 0 {
            firstMoments = parameters.map { Tensor(zeros: $0.value.shape) }
            secondMoments = firstMoments
        }
        precondition(firstMoments.count == parameters.count,
                     "Adam holds moments for \(firstMoments.count) parameters, got \(parameters.count)")
        stepCount += 1
        let constants = StepConstants(self, step: stepCount)
        for (i, p) in parameters.enumerated() {
            precondition(firstMoments[i].shape == p.value.shape, "Adam: parameter \(i) changed shape")
            p.value.scalars.withUnsafeMutableBufferPointer { value in
                firstMoments[i].scalars.withUnsafeMutableBufferPointer { m in
                    secondMoments[i].scalars.withUnsafeMutableBufferPointer { v in
                        p.gradient.scalars.withUnsafeBufferPointer { g in
                            Adam.update(value, gradient: g, m: m, v: v, constants)
                        }
                    }
                }
            }
        }
    }

    /// The step's scalars, rounded once to `Scalar` as PyTorch rounds a Python
    /// float operand to a float32 tensor's type.
    struct StepConstants {
        var beta1, oneMinusBeta1, beta2, oneMinusBeta2, biasCorrection2Root, epsilon, negativeStepSize, weightDecay: Scalar

        init(_ adam: Adam, step: Int) {
            let t = Double(step)
            let biasCorrection1 = 1 - Foundation.pow(adam.beta1, t)
            let biasCorrection2 = 1 - Foundation.pow(adam.beta2, t)
            beta1 = Scalar(adam.beta1)
            oneMinusBeta1 = Scalar(1 - adam.beta1)
            beta2 = Scalar(adam.beta2)
            oneMinusBeta2 = Scalar(1 - adam.beta2)
            biasCorrection2Root = Scalar(biasCorrection2.squareRoot())
            epsilon = Scalar(adam.epsilon)
            negativeStepSize = Scalar(-(adam.learningRate / biasCorrection1))
            weightDecay = Scalar(adam.weightDecay)
        }
    }

    /// One parameter tensor's update, in PyTorch's order of operations
    /// (`_single_tensor_adam`), so that rounding follows it closely.
    static func update(
        _ value: UnsafeMutableBufferPointer<Scalar>, gradient: UnsafeBufferPointer<Scalar>,
        m: UnsafeMutableBufferPointer<Scalar>, v: UnsafeMutableBufferPointer<Scalar>, _ c: StepConstants
    ) {
        precondition(gradient.count == value.count, "Adam: gradient and parameter sizes differ")
        for j in 0..<value.count {
            let g = c.weightDecay == 0 ? gradient[j] : gradient[j] + c.weightDecay * value[j]
            m[j] = m[j] * c.beta1 + c.oneMinusBeta1 * g
            v[j] = v[j] * c.beta2 + c.oneMinusBeta2 * g * g
            let denominator = v[j].squareRoot() / c.biasCorrection2Root + c.epsilon
            value[j] = value[j] + c.negativeStepSize * (m[j] / denominator)
        }
    }

    /// `exp_avg.<i>` and `exp_avg_sq.<i>` per parameter, PyTorch's names for m and v.
    public func state() -> OptimizerState<Scalar> {
        OptimizerState(stepCount: stepCount, slots: [("exp_avg", firstMoments), ("exp_avg_sq", secondMoments)])
    }

    public func restore(_ state: OptimizerState<Scalar>) throws {
        let slots = try state.slots(["exp_avg", "exp_avg_sq"])
        // Steps taken without moments would be an SGD state without momentum:
        // continuing from zero moments with a late bias correction would be wrong.
        guard state.stepCount == 0 || !slots[0].isEmpty else {
            throw OptimizerStateMismatch(expected: ["exp_avg", "exp_avg_sq"], found: [])
        }
        firstMoments = slots[0]
        secondMoments = slots[1]
        stepCount = state.stepCount
    }
}
