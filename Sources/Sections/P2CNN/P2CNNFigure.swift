import ReportKit
import Foundation
import Plot

/// Problem 2's figures, drawn from the saved result of `p2.cnn`.
enum P2Figures {
    static let train = Color(hex: "1f77b4")
    static let test = Color(hex: "ff7f0e")

    static let curves = ReportFigure(
        name: "p2-curves", summary: "SmallVGGNet accuracy and loss per epoch on the training and test sets",
        reads: [P2CNNStep.id], epochCurves: true
    ) { store in
        let curve = try store.load(P2CNNStep.self).output.curve
        let epochs = curve.map { Double($0.epoch) }
        let figure = Figure(width: ReportFigure.columnWidth, height: 300)
        let accuracy = figure.addAxes(row: 0, col: 0), loss = figure.addAxes(row: 0, col: 1)
        let trainStyle = LineStyle(color: train, marker: .circle, markerSize: 4)
        let testStyle = LineStyle(color: test, dash: .dashed, marker: .square, markerSize: 4)
        accuracy.line(x: epochs, y: curve.map { 100 * $0.trainAccuracy }, label: "Training set", style: trainStyle,
                      key: "p2.cnn.train.accuracy")
        accuracy.line(x: epochs, y: curve.map { 100 * $0.testAccuracy }, label: "Test set", style: testStyle,
                      key: "p2.cnn.test.accuracy")
        loss.line(x: epochs, y: curve.map(\.trainLoss), label: "Training set", style: trainStyle, key: "p2.cnn.train.loss")
        loss.line(x: epochs, y: curve.map(\.testLoss), label: "Test set", style: testStyle, key: "p2.cnn.test.loss")
        accuracy.set(xLabel: "Epoch (0 = before training)", yLabel: "Accuracy (%)", title: "Accuracy")
        loss.set(xLabel: "Epoch (0 = before training)", yLabel: "Cross-entropy (log scale)", title: "Loss")
        loss.yScale = .log10
        loss.legend = .none
        accuracy.legend = .lowerRight
        for axes in [accuracy, loss] { axes.integerXTicks = true }
        return figure
    }
}
