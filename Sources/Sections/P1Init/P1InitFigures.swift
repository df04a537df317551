import ReportKit
import Foundation
import Learning
import Plot

extension P1Figures {
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
        // The axes are in percent, like the report's text.
        let majority = 100 * output.majorityClassShare
        axes.line(x: [1, lastEpoch], y: [majority, majority],
                  label: "Share of the most frequent digit",
                  style: LineStyle(color: Color(hex: "fcd581"), width: 8))
        for run in output.runs {
            axes.line(x: run.curve.map { Double($0.epoch) }, y: run.curve.map { 100 * $0.accuracy }, label: run.config.initializer.displayName,
                      style: LineStyle(color: color(run.config.initializer), marker: .circle, markerSize: 4),
                      key: "p1.init.\(run.config.id).accuracy")
        }
        axes.text("digit \(output.majorityClass) makes up \(NumberFormat.percent(fraction: output.majorityClassShare)) of the images",
                  x: lastEpoch, y: majority + 3.5, fontSize: 9, color: Color(hex: "595959"),
                  alignment: TextAlignment(.right, .bottom))
        axes.set(xLabel: "Epoch", yLabel: "Training accuracy (%)", title: "Accuracy per epoch by initialisation")
        axes.integerXTicks = true
        axes.yLimits = 0...100
        axes.legend = .centerRight
        return figure
    }
}
