import ReportKit
import Foundation
import Plot

extension P3Figures {
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
}
