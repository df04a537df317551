import ReportKit
import Foundation
import Learning
import Plot

extension P1Figures {
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
            axes.line(x: run.curve.map { Double($0.epoch) }, y: run.curve.map { 100 * $0.accuracy },
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
            + config.hidden.map(String.init).joined(separator: "–") + ", " + NumberFormat.counted(config.epochs, "epoch")
    }
}
