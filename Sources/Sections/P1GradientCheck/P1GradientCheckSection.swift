import ReportKit
import Foundation
import Learning

extension P1Sections {
    // MARK: 1.4 Gradient check

    struct PrecisionView {
        var minError: String
        var minN: String
        var minEpsilon: String
        var errorAtSmallestEpsilon: String
        var turnsUp: Bool
        var unitRoundoff: String
    }

    struct GradientView {
        var weights: String
        var exampleIndex: String
        var exampleLabel: String
        var zeroGradients: String
        var someZero: Bool
        var smallestN: String
        var largestN: String
        var float64: PrecisionView
        var float32: PrecisionView
        /// How many times finer float64 rounds than float32 (2²⁹).
        var roundoffRatio: String
        var table: String
        var figure: FigureRef
    }

    static let gradientCheck = ReportSection(
        id: "p1-gradcheck", heading: .subsection("Checking the gradients with finite differences"), reads: [P1GradientCheckStep.id]
    ) { context in
        let output = try context.store.load(P1GradientCheckStep.self).output
        let points = output.points.sorted { $0.n < $1.n }
        guard let first = points.first, let last = points.last else {
            throw ReportError("\(context.store.path(for: P1GradientCheckStep.id)): the gradient check has no points")
        }
        func precision(_ error: (P1GradientCheckStep.Point) -> Double, roundoff: Double) -> PrecisionView {
            let best = points.min { error($0) < error($1) }!
            return PrecisionView(
                minError: NumberFormat.scientific(error(best)), minN: NumberFormat.count(best.n),
                minEpsilon: NumberFormat.significant(best.epsilon, digits: 2),
                errorAtSmallestEpsilon: NumberFormat.scientific(error(last)),
                turnsUp: best.n < last.n && error(last) > 2 * error(best),
                unitRoundoff: NumberFormat.scientific(roundoff, digits: 2))
        }
        var table = MarkdownTable([("N", .right), ("ε = 1/N", .right), ("float64", .right), ("float32", .right)])
        for point in points {
            table.add([NumberFormat.count(point.n), NumberFormat.significant(point.epsilon, digits: 2),
                       NumberFormat.scientific(point.maxDifferenceDouble), NumberFormat.scientific(point.maxDifferenceFloat)])
        }
        let zeros = output.backpropGradient.filter { $0 == 0 }.count
        return GradientView(
            weights: String(output.backpropGradient.count),
            exampleIndex: NumberFormat.count(output.exampleIndex), exampleLabel: String(output.exampleLabel),
            zeroGradients: String(zeros), someZero: zeros > 0,
            smallestN: NumberFormat.count(first.n), largestN: NumberFormat.count(last.n),
            float64: precision({ $0.maxDifferenceDouble }, roundoff: Double.ulpOfOne / 2),
            float32: precision({ $0.maxDifferenceFloat }, roundoff: Double(Float.ulpOfOne) / 2),
            roundoffRatio: NumberFormat.scientific(Double(Float.ulpOfOne) / Double.ulpOfOne, digits: 1),
            table: table.markdown,
            figure: context.figure(P1Figures.gradientCheck.name))
    }
}
