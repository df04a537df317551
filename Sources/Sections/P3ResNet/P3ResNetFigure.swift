import ReportKit
import Foundation
import Plot

extension P3Figures {
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
}
