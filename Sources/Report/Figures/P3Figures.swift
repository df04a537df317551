import Foundation
import Plot

/// Problem 3's training figures, drawn from the saved results of the P3 steps.
enum P3Figures {
    static let all: [ReportFigure] = [curves, tuning, resnet]

    static let train = Color(hex: "1f77b4")
    static let valid = Color(hex: "ff7f0e")
    static let cycle = ["1f77b4", "ff7f0e", "2ca02c", "d62728", "9467bd", "8c564b"].map { Color(hex: $0) }

    static let curves = ReportFigure(
        name: "p3-curves", summary: "cat-dog VGG accuracy and loss per epoch, training (augmented) and validation",
        reads: [P3TrainStep.id], epochCurves: true
    ) { store in
        let run = try store.load(P3TrainStep.self).output.run
        let curve = run.curve, metric = "p3.train.\(run.config.id)"
        let epochs = curve.map { Double($0.epoch) }
        let figure = Figure(width: ReportFigure.columnWidth, height: 300)
        let accuracy = figure.addAxes(row: 0, col: 0), loss = figure.addAxes(row: 0, col: 1)
        let trainStyle = LineStyle(color: train, marker: .circle, markerSize: 4)
        let validStyle = LineStyle(color: valid, dash: .dashed, marker: .square, markerSize: 4)
        accuracy.line(x: epochs, y: curve.map { 100 * $0.trainAccuracy }, label: "Training (augmented)", style: trainStyle,
                      key: metric + ".train.accuracy")
        accuracy.line(x: epochs, y: curve.map { 100 * ($0.validAccuracy ?? .nan) }, label: "Validation", style: validStyle,
                      key: metric + ".valid.accuracy")
        loss.line(x: epochs, y: curve.map(\.trainLoss), label: "Training (augmented)", style: trainStyle, key: metric + ".train.loss")
        loss.line(x: epochs, y: curve.map { $0.validLoss ?? .nan }, label: "Validation", style: validStyle, key: metric + ".valid.loss")
        accuracy.set(xLabel: "Epoch", yLabel: "Accuracy (%)", title: "Accuracy")
        loss.set(xLabel: "Epoch", yLabel: "Cross-entropy", title: "Loss")
        accuracy.legend = .lowerRight
        loss.legend = .none
        for axes in [accuracy, loss] { axes.integerXTicks = true }
        return figure
    }

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

    static let resnet = ReportFigure(
        name: "p3-resnet", summary: "ResNet with and without BatchNorm: training loss and validation accuracy per epoch",
        reads: [P3ResNetStep.id], epochCurves: true
    ) { store in
        let runs = try store.load(P3ResNetStep.self).output.runs
        let figure = Figure(width: ReportFigure.columnWidth, height: 300)
        let loss = figure.addAxes(row: 0, col: 0), accuracy = figure.addAxes(row: 0, col: 1)
        for (i, run) in runs.enumerated() {
            let epochs = run.curve.map { Double($0.epoch) }
            let style = LineStyle(color: cycle[i % cycle.count], dash: i == 0 ? .solid : .dashed,
                                  marker: i == 0 ? .circle : .square, markerSize: 4)
            let label = run.config.architecture == .resnetBatchNorm ? "With BatchNorm" : "Without BatchNorm"
            let metric = "p3.resnet.\(run.config.id)"
            loss.line(x: epochs, y: run.curve.map(\.trainLoss), label: label, style: style, key: metric + ".train.loss")
            accuracy.line(x: epochs, y: run.curve.map { 100 * ($0.validAccuracy ?? .nan) }, label: label, style: style,
                          key: metric + ".valid.accuracy")
        }
        loss.set(xLabel: "Epoch", yLabel: "Cross-entropy", title: "Training loss (augmented batches)")
        accuracy.set(xLabel: "Epoch", yLabel: "Accuracy (%)", title: "Validation accuracy")
        accuracy.legend = .none
        for axes in [loss, accuracy] { axes.integerXTicks = true }
        return figure
    }

    /// "lr 0.05, batch 128" for a run's legend entry.
    static func runLabel(_ config: ImageRunConfig) -> String {
        "lr \(NumberFormat.plain(config.learningRate)), batch \(config.batchSize)"
    }
}
