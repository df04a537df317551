import ReportKit
import Learning
import Tensor

/// Section 1.4: back-propagation against central finite differences on ten
/// weights of the second layer, for ε = 1/N over a range of N, in Double and in Float.
struct P1GradientCheckStep: ReportStep {
    static let id = "p1.gradcheck"
    /// 2: the first layer skips zero pixels (`Dense.skipsZeroInputs`), which
    /// sums in another order than the BLAS and moves the last bits.
    static let codeVersion = 2
    static let title = "Problem 1 — finite-difference gradient check"
    static let inputs: [DataInput] = [.digits]

    struct Config: Codable, Sendable {
        var hidden: [Int]
        var nValues: [Int]
        /// The first `weights` entries of the first column of the second layer's weight matrix.
        var weights: Int
    }

    struct Point: Codable, Sendable {
        var n: Int
        var epsilon: Double
        var maxDifferenceDouble: Double
        var maxDifferenceFloat: Double
    }

    struct Output: Codable, Sendable {
        var exampleIndex: Int
        var exampleLabel: Int
        var backpropGradient: [Double]
        var points: [Point]
    }

    func config(for options: BuildOptions) -> Config {
        let nValues = (0...5).flatMap { i in [1, 5].map { $0 * Int(pow10(i)) } }
        return Config(hidden: [666, 666], nValues: nValues, weights: 10)
    }

    private func pow10(_ i: Int) -> Double { (0..<i).reduce(1.0) { r, _ in r * 10 } }

    func run(_ config: Config, context: StepContext) throws -> Output {
        let train = try context.data.digits().train
        var rng = context.rng("model")
        // Same draws, two precisions: the Float model holds the Double weights rounded.
        var floatRng = rng
        let modelDouble: Sequential<Double> = MLP.make(hidden: config.hidden, initializer: .glorot, rng: &rng)
        let modelFloat: Sequential<Float> = MLP.make(hidden: config.hidden, initializer: .glorot, rng: &floatRng)
        let width = config.hidden[1]
        let indices = (0..<config.weights).map { $0 * width }

        // A example whose ten gradients are not all zero (a dead hidden unit
        // would make the check trivially exact), drawn reproducibly.
        var pick = context.rng("example")
        var index = 0, x = Tensor<Double>(zeros: [1, 784]), gradient: [Double] = []
        for _ in 0..<100 {
            index = pick.integer(below: train.count)
            x = train.images.slice(rows: index..<(index + 1)).converted(to: Double.self)
            let grads = GradientCheck.backpropGradients(modelDouble, inputs: x, labels: [train.labels[index]])
            gradient = indices.map { grads[2].scalars[$0] }
            if gradient.contains(where: { $0 != 0 }) { break }
        }
        let labels = [train.labels[index]]
        let xFloat = x.converted(to: Float.self)
        let floatGrads = GradientCheck.backpropGradients(modelFloat, inputs: xFloat, labels: labels)
        let floatGradient = indices.map { Double(floatGrads[2].scalars[$0]) }

        let points = config.nValues.map { n -> Point in
            let epsilon = 1 / Double(n)
            let fdDouble = GradientCheck.finiteDifferences(
                modelDouble, parameter: modelDouble.parameters[2], indices: indices, epsilon: epsilon, inputs: x, labels: labels)
            let fdFloat = GradientCheck.finiteDifferences(
                modelFloat, parameter: modelFloat.parameters[2], indices: indices, epsilon: epsilon, inputs: xFloat, labels: labels)
            return Point(
                n: n, epsilon: epsilon,
                maxDifferenceDouble: zip(gradient, fdDouble).map { abs($0 - $1) }.max() ?? .nan,
                maxDifferenceFloat: zip(floatGradient, fdFloat).map { abs($0 - $1) }.max() ?? .nan)
        }
        return Output(exampleIndex: index, exampleLabel: labels[0], backpropGradient: gradient, points: points)
    }
}
