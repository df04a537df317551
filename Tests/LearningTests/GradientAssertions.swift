import Learning
import Tensor
import XCTest

extension XCTestCase {
    /// Every parameter's backpropagated gradient against central finite
    /// differences (ε = 1e-5, in training mode), in Double.
    func assertGradientsMatchFiniteDifferences(
        _ model: Sequential<Double>, inputs x: Tensor<Double>, labels: [Int],
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let analytic = GradientCheck.backpropGradients(model, inputs: x, labels: labels)
        for (k, p) in model.parameters.enumerated() {
            let all = Array(0..<p.value.count)
            let numeric = GradientCheck.finiteDifferences(
                model, parameter: p, indices: all, epsilon: 1e-5, inputs: x, labels: labels, training: true)
            for i in all {
                let a = analytic[k].scalars[i], b = numeric[i]
                // Relative error, with a floor of 1e-4 under the denominator: a
                // gradient that is zero in exact arithmetic (a bias before
                // BatchNorm) is measured as rounding noise of about ε·|loss|/h ≈ 1e-11.
                XCTAssertLessThanOrEqual(abs(a - b) / max(abs(a) + abs(b), 1e-4), 1e-6, "\(p.name) [\(i)]: \(a) vs \(b)", file: file, line: line)
            }
        }
    }
}
