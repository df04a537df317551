import Foundation
import Plot
import ReportKit

extension P3Figures {
    static let conjectures = ReportFigure(
        name: "p3-conjectures", summary: "validation accuracy per epoch of each conjecture's run, over the seeds' spread",
        reads: [P3ConjecturesStep.id], epochCurves: true
    ) { store in
        let output = try store.load(P3ConjecturesStep.self).output
        let figure = Figure(width: 520, height: 320)
        let axes = figure.addAxes()
        let seeds = [output.main] + output.runs.filter { P3Conjecture(rawValue: $0.config.id)?.isSeed ?? false }
        let epochs = output.main.curve.map { Double($0.epoch) }
        let valid = seeds.map { run in run.curve.map { 100 * ($0.validAccuracy ?? .nan) } }
        let atEpoch = epochs.indices.map { i in valid.compactMap { $0.indices.contains(i) ? $0[i] : nil } }
        let lower = atEpoch.map { $0.min() ?? .nan }, upper = atEpoch.map { $0.max() ?? .nan }
        axes.band(x: epochs, lower: lower, upper: upper, label: "main setting, \(seeds.count) seeds", color: Color(hex: "7f7f7f"))
        let variants = output.runs.filter { !(P3Conjecture(rawValue: $0.config.id)?.isSeed ?? true) }
        for (i, run) in variants.enumerated() {
            let style = LineStyle(color: cycle[i % cycle.count], marker: P1Figures.markers[i % P1Figures.markers.count], markerSize: 4)
            axes.line(x: run.curve.map { Double($0.epoch) }, y: run.curve.map { 100 * ($0.validAccuracy ?? .nan) },
                      label: P3Conjecture(rawValue: run.config.id)?.label ?? run.config.id, style: style,
                      key: "p3.conjectures.\(run.config.id).valid.accuracy")
        }
        axes.set(xLabel: "Epoch", yLabel: "Validation accuracy (%)", title: "The original's conjectures")
        axes.integerXTicks = true
        axes.legend = .best
        return figure
    }
}

extension P3Conjecture {
    /// The run's legend entry.
    var label: String {
        switch self {
        case .adam: "Adam"
        case .batchNorm: "BatchNorm"
        case .dropout: "Dropout"
        case .normalisedInputs: "normalised inputs"
        case .seed2, .seed3: "main setting, " + rawValue.split(separator: "_").last.map(String.init)!
        }
    }
}
