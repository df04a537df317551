import ReportKit
import Foundation
import Plot

extension P3Figures {
    static let tuning = ReportFigure(
        name: "p3-tuning", summary: "validation accuracy per epoch of the tuning runs",
        reads: [P3TuningStep.id], epochCurves: true
    ) { store in
        let runs = try store.load(P3TuningStep.self).output.runs
        let figure = Figure(width: 520, height: 320)
        let axes = figure.addAxes()
        for (i, run) in runs.enumerated() {
            let style = LineStyle(color: cycle[i % cycle.count], marker: P1Figures.markers[i % P1Figures.markers.count], markerSize: 4)
            axes.line(x: run.curve.map { Double($0.epoch) }, y: run.curve.map { 100 * ($0.validAccuracy ?? .nan) },
                      label: runLabel(run.config), style: style, key: "p3.tuning.\(run.config.id).valid.accuracy")
        }
        axes.set(xLabel: "Epoch", yLabel: "Validation accuracy (%)", title: "Tuning runs")
        axes.integerXTicks = true
        // Short tuning runs can sit on the 50 % floor, where a fixed lower-right
        // legend would cover them: let the legend find the emptiest corner.
        axes.legend = .best
        return figure
    }
}
