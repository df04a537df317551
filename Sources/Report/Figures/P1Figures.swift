import Foundation
import Learning
import Plot

/// Problem 1's figures, drawn from the saved results of the P1 steps.
enum P1Figures {
    static let all: [ReportFigure] = [initLoss, initAccuracy, hyperValid, gradientCheck]

    /// One colour per initialiser, the same in every figure.
    static func color(_ initializer: Initializer) -> Color {
        switch initializer {
        case .zero: Color(hex: "7f7f7f")
        case .normal: Color(hex: "ff7f0e")
        case .glorot: Color(hex: "1f77b4")
        }
    }

    static let markers: [Marker] = [.circle, .square, .triangle, .diamond, .cross, .plus]

    static let initLoss = ReportFigure(
        name: "p1-init-loss", summary: "training loss per epoch for Zero, Normal and Glorot initialisation",
        reads: [P1InitStep.id], epochCurves: true
    ) { store in
        let output = try store.load(P1InitStep.self).output
        let figure = Figure(width: ReportFigure.columnWidth, height: 300)
        let printed = figure.addAxes(row: 0, col: 0), exact = figure.addAxes(row: 0, col: 1)
        for run in output.runs {
            let epochs = run.curve.map { Double($0.epoch) }
            let style = LineStyle(color: color(run.config.initializer), marker: .circle, markerSize: 4)
            let metric = "p1.init.\(run.config.id)"
            printed.line(x: epochs, y: run.curve.map(\.loss), label: run.config.initializer.displayName, style: style,
                         key: metric + ".loss")
            exact.line(x: epochs, y: run.curve.map(\.exactLoss), label: run.config.initializer.displayName, style: style,
                       key: metric + ".exact_loss")
        }
        printed.set(xLabel: "Epoch", yLabel: "Mean −log(p + 10⁻⁸)", title: "Printed loss (clamped, as the original)")
        exact.set(xLabel: "Epoch", yLabel: "Mean −log p", title: "Exact cross-entropy (log scale)")
        exact.yScale = .log10
        for axes in [printed, exact] { axes.integerXTicks = true }
        // One legend is enough: the colours are the same in both panels.
        exact.legend = .none
        return figure
    }

    static let initAccuracy = ReportFigure(
        name: "p1-init-accuracy", summary: "training accuracy per epoch for the three initialisations",
        reads: [P1InitStep.id], epochCurves: true
    ) { store in
        let output = try store.load(P1InitStep.self).output
        let figure = Figure(width: 520, height: 320)
        let axes = figure.addAxes()
        let lastEpoch = output.runs.compactMap { $0.curve.last.map { Double($0.epoch) } }.max() ?? 1
        // The zero network's curve lies exactly on this line. A band wider than
        // the curve and its markers, drawn first, shows on both sides of it.
        axes.line(x: [1, lastEpoch], y: [output.majorityClassPercent, output.majorityClassPercent],
                  label: "Share of the most frequent digit",
                  style: LineStyle(color: Color(hex: "fcd581"), width: 8))
        for run in output.runs {
            axes.line(x: run.curve.map { Double($0.epoch) }, y: run.curve.map(\.accuracy), label: run.config.initializer.displayName,
                      style: LineStyle(color: color(run.config.initializer), marker: .circle, markerSize: 4),
                      key: "p1.init.\(run.config.id).accuracy")
        }
        axes.text("digit \(output.majorityClass) makes up \(NumberFormat.percent(output.majorityClassPercent)) of the images",
                  x: lastEpoch, y: output.majorityClassPercent + 3.5, fontSize: 9, color: Color(hex: "595959"),
                  alignment: TextAlignment(.right, .bottom))
        axes.set(xLabel: "Epoch", yLabel: "Training accuracy (%)", title: "Accuracy per epoch by initialisation")
        axes.integerXTicks = true
        axes.yLimits = 0...100
        axes.legend = .centerRight
        return figure
    }

    static let hyperValid = ReportFigure(
        name: "p1-hyper-valid", summary: "validation accuracy per epoch of each hyper-parameter run",
        reads: [P1HyperparameterStep.id], epochCurves: true
    ) { store in
        let output = try store.load(P1HyperparameterStep.self).output
        let figure = Figure(width: 620, height: 340)
        let axes = figure.addAxes()
        for (i, result) in output.runs.enumerated() {
            let run = result.run
            let best = run.config.id == output.bestRun
            axes.line(x: run.curve.map { Double($0.epoch) }, y: run.curve.map(\.accuracy),
                      label: P1Figures.label(run.config) + (best ? " (chosen)" : ""),
                      style: LineStyle(color: Color.category10[i % 10], width: best ? 2.4 : 1.5,
                                       marker: markers[i % markers.count], markerSize: 4),
                      key: "p1.hyperparams.\(run.config.id).valid.accuracy")
        }
        axes.set(xLabel: "Epoch", yLabel: "Validation accuracy (%)", title: "Hyper-parameter search: validation accuracy")
        axes.integerXTicks = true
        axes.legend = .lowerRight
        return figure
    }

    /// "lr 0.1, batch 100, 666–666" in the order a reader compares runs.
    static func label(_ config: MLPRunConfig) -> String {
        "lr \(NumberFormat.plain(config.learningRate)), batch \(config.batchSize), "
            + config.hidden.map(String.init).joined(separator: "–") + ", \(config.epochs) epoch" + (config.epochs == 1 ? "" : "s")
    }

    static let gradientCheck = ReportFigure(
        name: "p1-gradcheck", summary: "max |backprop − finite difference| against N = 1/ε, float64 and float32",
        reads: [P1GradientCheckStep.id]
    ) { store in
        let output = try store.load(P1GradientCheckStep.self).output
        let points = output.points.sorted { $0.n < $1.n }
        let n = points.map { Double($0.n) }
        let float64 = points.map(\.maxDifferenceDouble), float32 = points.map(\.maxDifferenceFloat)
        let figure = Figure(width: 560, height: 360)
        let axes = figure.addAxes()
        axes.xScale = .log10
        axes.yScale = .log10
        axes.line(x: n, y: float64, label: "float64", style: LineStyle(color: Color(hex: "1f77b4"), marker: .circle, markerSize: 4.5))
        axes.line(x: n, y: float32, label: "float32", style: LineStyle(color: Color(hex: "d62728"), marker: .square, markerSize: 4))
        // Guides for the two error terms: truncation ∝ ε² and rounding ∝ 1/ε,
        // anchored on the measured points where each dominates.
        let guide = LineStyle(color: Color(hex: "8c8c8c"), width: 1, dash: .dashed)
        // The first point (ε = 1) is dominated by higher-order terms; anchor on the second.
        if n.count > 2, float64[1] > 0 {
            let best = float64.indices.min { float64[$0] < float64[$1] } ?? n.count - 1
            let span = Array(n[1...max(2, best)])
            axes.line(x: span, y: span.map { float64[1] * pow(n[1] / $0, 2) }, label: "∝ ε² (truncation)", style: guide)
        }
        if let lastN = n.last, let lastError = float32.last, lastError > 0, n.count > 1 {
            let span = n.suffix(max(2, n.count / 2))
            axes.line(x: Array(span), y: span.map { lastError * $0 / lastN }, label: "∝ 1/ε (rounding)",
                      style: LineStyle(color: Color(hex: "8c8c8c"), width: 1, dash: .dotted))
        }
        axes.set(xLabel: "N   (ε = 1/N)", yLabel: "max |∇ backprop − ∇ finite difference|",
                 title: "Gradient check on \(output.backpropGradient.count) weights of the second layer")
        axes.legend = .upperCenter
        return figure
    }
}
