import ReportKit
import Foundation
import Learning

/// Problem 2's section: SmallVGGNet on MNIST, from the saved result of `p2.cnn`.
enum P2Sections {
    struct ModelRow {
        var model: String
        var parameters: String
        var testAccuracy: String
        var trainingTime: String
    }

    struct View {
        var learningRate: String
        var batchSize: String
        var epochCount: String
        var trainExamples: String
        var testExamples: String
        var subset: Bool
        var totalParameters: String
        var convolutionParameters: String
        var denseParameters: String
        var denseShare: String
        var layerTable: String
        var epochTable: String
        var startAccuracy: String
        /// The epoch number the curve gives the point before training ("0").
        var startEpoch: String
        /// The convolutions' kernel, "3×3", from the network's definition.
        var kernelSize: String
        var finalTrainAccuracy: String
        var finalTestAccuracy: String
        var finalTestLoss: String
        var bestTestAccuracy: String
        var bestTestEpoch: String
        /// The best test accuracy came before the last epoch.
        var peakedEarlier: Bool
        /// Best test accuracy minus the last one.
        var bestGap: String
        var endsAtBest: Bool
        var gap: String
        var overfits: Bool
        var comparisonTable: String
        var mlp: ModelRow?
        var cnnRow: ModelRow?
        var cnnMoreAccurate: Bool
        var cnnFewerParameters: Bool
        var accuracyDifference: String
        var slowdown: String
        var figure: FigureRef
    }

    static let cnn = ReportSection(
        id: "p2", heading: .problem("a convolutional network on MNIST"), reads: [P2CNNStep.id]
    ) { context in
        let record = try context.store.load(P2CNNStep.self)
        let output = record.output
        guard let last = output.curve.last, let start = output.curve.first else {
            throw ReportError("\(context.store.path(for: P2CNNStep.id)): the curve is empty")
        }
        let layers = MarkdownTable.layers(output.layers, total: output.totalParameters)
        let convolution = output.layers.filter { $0.layer.hasPrefix("Conv") }.map(\.parameters).reduce(0, +)
        let dense = output.layers.filter { $0.layer.hasPrefix("Dense") }.map(\.parameters).reduce(0, +)

        let epochs = epochTable(output.curve)
        let best = output.curve.max { $0.testAccuracy < $1.testAccuracy }!
        let (models, rows) = modelTable(output.comparison)
        // The step lists the MLP first and the CNN second.
        let mlp = output.comparison.first, cnnModel = output.comparison.count > 1 ? output.comparison.last : nil
        let gap = percentagePoints(last.trainAccuracy, minus: last.testAccuracy)
        let bestGap = percentagePoints(best.testAccuracy, minus: last.testAccuracy)
        return View(
            learningRate: NumberFormat.plain(record.config.learningRate), batchSize: String(record.config.batchSize),
            epochCount: NumberFormat.counted(record.config.epochs, "epoch"),
            trainExamples: NumberFormat.count(output.trainExamples), testExamples: NumberFormat.count(output.testExamples),
            subset: record.config.subset.train != nil,
            totalParameters: NumberFormat.count(output.totalParameters),
            convolutionParameters: NumberFormat.count(convolution), denseParameters: NumberFormat.count(dense),
            denseShare: NumberFormat.percent(dense, of: output.totalParameters, digits: 0),
            layerTable: layers.markdown, epochTable: epochs.markdown,
            startAccuracy: NumberFormat.percent(fraction: start.testAccuracy), startEpoch: String(start.epoch),
            kernelSize: "\(SmallVGGNet.kernelSize)×\(SmallVGGNet.kernelSize)",
            finalTrainAccuracy: NumberFormat.percent(fraction: last.trainAccuracy),
            finalTestAccuracy: NumberFormat.percent(fraction: last.testAccuracy),
            finalTestLoss: NumberFormat.loss(last.testLoss),
            bestTestAccuracy: NumberFormat.percent(fraction: best.testAccuracy), bestTestEpoch: String(best.epoch),
            peakedEarlier: best.epoch < last.epoch && bestGap > 0.05,
            bestGap: NumberFormat.decimal(bestGap, digits: 2) + NumberFormat.unitSpace + "pts",
            endsAtBest: best.testAccuracy <= last.testAccuracy,
            gap: NumberFormat.decimal(gap, digits: 2) + NumberFormat.unitSpace + "pts", overfits: gap > 0.5,
            comparisonTable: models.markdown, mlp: rows.first, cnnRow: rows.count > 1 ? rows.last : nil,
            cnnMoreAccurate: (cnnModel?.testAccuracy ?? 0) > (mlp?.testAccuracy ?? 0),
            cnnFewerParameters: (cnnModel?.parameters ?? 0) < (mlp?.parameters ?? 0),
            accuracyDifference: NumberFormat.signed(percentagePoints(cnnModel?.testAccuracy ?? .nan, minus: mlp?.testAccuracy ?? .nan), digits: 2)
                + NumberFormat.unitSpace + "pts",
            slowdown: NumberFormat.significant((cnnModel?.trainingSeconds ?? .nan) / (mlp?.trainingSeconds ?? .nan), digits: 2),
            figure: context.figure(P2Figures.curves.name))
    }

    /// The test and training numbers after every epoch (epoch 0 is the untrained network).
    static func epochTable(_ curve: [P2CNNStep.Point]) -> MarkdownTable {
        var epochs = MarkdownTable([
            ("Epoch", .right), ("Training accuracy", .right), ("Test accuracy", .right),
            ("Training loss", .right), ("Test loss", .right), ("Time", .right),
        ])
        for point in curve {
            epochs.add([
                point.epoch == 0 ? "0 (start)" : String(point.epoch), NumberFormat.percent(fraction: point.trainAccuracy),
                NumberFormat.percent(fraction: point.testAccuracy), NumberFormat.loss(point.trainLoss), NumberFormat.loss(point.testLoss),
                point.epoch == 0 ? "—" : NumberFormat.seconds(point.trainSeconds),
            ])
        }
        return epochs
    }

    /// The MLP and the CNN side by side, as a table and as rows the prose quotes.
    static func modelTable(_ comparison: [P2CNNStep.Comparison]) -> (MarkdownTable, [ModelRow]) {
        var models = MarkdownTable([("Model", .left), ("Parameters", .right), ("Test accuracy", .right), ("Test loss", .right), ("Training time", .right)])
        var rows: [ModelRow] = []
        for model in comparison {
            let row = ModelRow(model: model.model, parameters: NumberFormat.count(model.parameters),
                               testAccuracy: NumberFormat.percent(fraction: model.testAccuracy),
                               trainingTime: NumberFormat.seconds(model.trainingSeconds))
            rows.append(row)
            models.add([model.model, row.parameters, row.testAccuracy, NumberFormat.loss(model.testLoss), row.trainingTime])
        }
        return (models, rows)
    }
}
