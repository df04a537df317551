import Learning
import Tensor
import XCTest

/// Where PyTorch's Adam took the parameters, per step (Fixtures/AdamFixtures.swift,
/// written by scripts/make-adam-fixture.py).
struct AdamTrajectory<Scalar> {
    var parameters: [[[Scalar]]]  // step, tensor, flat values
    var expAvg: [[Scalar]]
    var expAvgSq: [[Scalar]]
    var stepCount: Int
}

struct AdamFixture {
    var name: String
    var learningRate: Double, beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double
    var shapes: [[Int]]
    var starts: [[Double]]
    var gradients: [[[Double]]]  // step, tensor, flat values
    var float64: AdamTrajectory<Double>
    var float32: AdamTrajectory<Float>

    func optimizer<Scalar>() -> Adam<Scalar> {
        Adam(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay)
    }

    func parameters<Scalar: TensorScalar>() -> [Parameter<Scalar>] {
        zip(shapes, starts).enumerated().map { i, pair in
            Parameter(name: "p\(i)", value: Tensor(shape: pair.0, scalars: pair.1.map { Scalar($0) }))
        }
    }

    func setGradients<Scalar>(_ parameters: [Parameter<Scalar>], step: Int) {
        for (p, g) in zip(parameters, gradients[step]) { p.gradient = Tensor(shape: p.value.shape, scalars: g.map { Scalar($0) }) }
    }
}

final class AdamTests: XCTestCase {
    /// Runs a fixture's steps in `Scalar`, checking the parameters after every
    /// step and the state at the end; returns the largest parameter difference.
    private func replay<Scalar: TensorScalar>(
        _ fixture: AdamFixture, _ expected: AdamTrajectory<Scalar>, tolerance: Double, stateTolerance: Double
    ) -> Double {
        let parameters: [Parameter<Scalar>] = fixture.parameters()
        let adam: Adam<Scalar> = fixture.optimizer()
        var worst = 0.0
        for step in fixture.gradients.indices {
            fixture.setGradients(parameters, step: step)
            adam.step(parameters)
            for (k, p) in parameters.enumerated() {
                for (a, b) in zip(p.value.scalars, expected.parameters[step][k]) {
                    let difference = abs(Double(a) - Double(b))
                    worst = max(worst, difference)
                    XCTAssertLessThanOrEqual(difference, tolerance * max(1, abs(Double(b))),
                                             "\(fixture.name) \(Scalar.self) step \(step + 1) tensor \(k)")
                }
            }
        }
        let state = adam.state()
        XCTAssertEqual(state.stepCount, expected.stepCount)
        XCTAssertEqual(state.tensors.map(\.name), ["exp_avg.0", "exp_avg_sq.0", "exp_avg.1", "exp_avg_sq.1"])
        let moments = zip(expected.expAvg, expected.expAvgSq).flatMap { [$0, $1] }
        for (entry, reference) in zip(state.tensors, moments) {
            for (a, b) in zip(entry.tensor.scalars, reference) {
                XCTAssertEqual(Double(a), Double(b), accuracy: stateTolerance * abs(Double(b)), "\(fixture.name) \(entry.name)")
            }
        }
        return worst
    }

    /// float64: both sides round each operation once, in the same order; only
    /// fused multiply-adds in PyTorch's kernels may differ, by an ulp or so.
    func testMatchesPyTorchInFloat64() {
        for fixture in AdamFixture.all {
            let worst = replay(fixture, fixture.float64, tolerance: 1e-14, stateTolerance: 1e-12)
            print("Adam \(fixture.name) float64: largest parameter difference \(worst)")
        }
    }

    /// float32: the parameters are within a few ulps after 10 steps (an update
    /// of lr = 1e-3 moves a weight of about 1 by some 10⁴ ulps, so a wrong
    /// step size or bias correction shows at once).
    func testMatchesPyTorchInFloat32() {
        for fixture in AdamFixture.all {
            let worst = replay(fixture, fixture.float32, tolerance: 5e-7, stateTolerance: 1e-5)
            print("Adam \(fixture.name) float32: largest parameter difference \(worst)")
        }
    }

    /// A reference independent of PyTorch: after one step m̂ = g and v̂ = g², so
    /// each coordinate moves by −lr · g / (|g| + ε).
    func testFirstStepMovesByTheLearningRateTimesTheSignOfTheGradient() {
        let start: [Double] = [0.5, -1, 2, 0, 3]
        let gradient: [Double] = [3, -0.25, 1e-9, 0, 1e-3]
        let p = Parameter(name: "w", value: Tensor(shape: [5], scalars: start))
        p.gradient = Tensor(shape: [5], scalars: gradient)
        Adam<Double>(learningRate: 0.01).step([p])
        for i in 0..<5 {
            let expected = start[i] - 0.01 * gradient[i] / (abs(gradient[i]) + 1e-8)
            XCTAssertEqual(p.value.scalars[i], expected, accuracy: 1e-15, "coordinate \(i)")
        }
    }

    /// Saving the state after 4 steps and continuing in a new optimiser gives
    /// the parameters and state of 10 uninterrupted steps, bit for bit.
    func testRestoredStateContinuesBitForBit() throws {
        let fixture = AdamFixture.all[1]
        let whole: [Parameter<Float>] = fixture.parameters()
        let wholeAdam: Adam<Float> = fixture.optimizer()
        for step in 0..<10 {
            fixture.setGradients(whole, step: step)
            wholeAdam.step(whole)
        }
        let first: [Parameter<Float>] = fixture.parameters()
        let firstAdam: Adam<Float> = fixture.optimizer()
        for step in 0..<4 {
            fixture.setGradients(first, step: step)
            firstAdam.step(first)
        }
        let saved = firstAdam.state()
        XCTAssertEqual(saved.stepCount, 4)
        let resumed = first.map { Parameter(name: $0.name, value: $0.value) }
        let resumedAdam: Adam<Float> = fixture.optimizer()
        try resumedAdam.restore(saved)
        for step in 4..<10 {
            fixture.setGradients(resumed, step: step)
            resumedAdam.step(resumed)
        }
        XCTAssertEqual(resumed.map(\.value), whole.map(\.value))
        XCTAssertEqual(resumedAdam.state(), wholeAdam.state())
    }

    func testRestoringAnotherOptimizersStateThrows() {
        let p = Parameter(name: "w", value: Tensor<Float>(shape: [2], scalars: [1, 2]))
        p.gradient = Tensor(shape: [2], scalars: [0.5, -0.5])
        let sgd = SGD<Float>(learningRate: 0.1, momentum: 0.9)
        sgd.step([p])
        XCTAssertThrowsError(try Adam<Float>().restore(sgd.state()))
        let plainSGD = SGD<Float>(learningRate: 0.1)
        plainSGD.step([p])
        XCTAssertThrowsError(try Adam<Float>().restore(plainSGD.state()), "steps taken, but no moments")
        let adam = Adam<Float>()
        adam.step([p])
        XCTAssertThrowsError(try SGD<Float>(learningRate: 0.1, momentum: 0.9).restore(adam.state()))
    }

    /// SGD's state through the protocol is its velocities, as `velocities` hands them out.
    func testSGDStateIsItsVelocities() throws {
        let p = Parameter(name: "w", value: Tensor<Float>(shape: [3], scalars: [1, 2, 3]))
        p.gradient = Tensor(shape: [3], scalars: [0.5, -0.5, 2])
        let sgd = SGD<Float>(learningRate: 0.1, momentum: 0.9)
        sgd.step([p])
        sgd.step([p])
        let state = sgd.state()
        XCTAssertEqual(state.stepCount, 2)
        XCTAssertEqual(state.tensors.map(\.name), ["velocity.0"])
        XCTAssertEqual(state.tensors.map(\.tensor), sgd.velocities)
        let copy = SGD<Float>(learningRate: 0.1, momentum: 0.9)
        try copy.restore(state)
        XCTAssertEqual(copy.velocities, sgd.velocities)
        XCTAssertEqual(copy.stepCount, 2)
    }
}
