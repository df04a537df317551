import ReportKit
import Foundation
import Plot

extension P3Figures {
    static let tuning = ReportFigure(
        name: "p3-tuning", summary: "validation accuracy per epoch of the tuning runs",
        reads: [P3TuningStep.id, P3TrainStep.id], epochCurves: true
    ) { store in
        let tuning = try store.load(P3TuningStep.self)
        let runs = tuning.output.runs
        let figure = Figure(width: 520, height: 320)
        let axes = figure.addAxes()
        for (i, run) in runs.enumerated() {
            let style = LineStyle(color: cycle[i % cycle.count], marker: P1Figures.markers[i % P1Figures.markers.count], markerSize: 4)
            axes.line(x: run.curve.map { Double($0.epoch) }, y: run.curve.map { 100 * ($0.validAccuracy ?? .nan) },
                      label: runLabel(run.config), style: style, key: "p3.tuning.\(run.config.id).valid.accuracy")
        }
        // Without a rerun of the main setting among them, the main run over
        // the same epochs is what each change is measured against.
        let main = P3TrainStep.mainRun(epochs: tuning.config.schedule.tuningEpochs)
        let hasReference = runs.contains { $0.config.learningRate == main.learningRate && $0.config.batchSize == main.batchSize }
        if !hasReference, let train = try? store.load(P3TrainStep.self) {
            let curve = train.output.run.curve.prefix(tuning.config.schedule.tuningEpochs)
            axes.line(x: curve.map { Double($0.epoch) }, y: curve.map { 100 * ($0.validAccuracy ?? .nan) },
                      label: runLabel(train.output.run.config) + " (main run)",
                      style: LineStyle(color: Color.ink, dash: .dashed), key: "p3.train.\(train.output.run.config.id).valid.accuracy")
        }
        axes.set(xLabel: "Epoch", yLabel: "Validation accuracy (%)", title: "Tuning runs")
        axes.integerXTicks = true
        // Short tuning runs can sit on the 50 % floor, where a fixed lower-right
        // legend would cover them: let the legend find the emptiest corner.
        axes.legend = .best
        return figure
    }
}
