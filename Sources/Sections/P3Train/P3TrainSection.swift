import Foundation
import Learning

extension P3Sections {
    // MARK: the VGG

    struct TrainView {
        var schedule: ScheduleView
        var trainCount: String
        var validCount: String
        var testCount: String
        var skippedCount: String
        var skippedOne: Bool
        var skipped: Bool
        var skippedFiles: String
        var classes: String
        var epochs: String
        var learningRate: String
        var batchSize: String
        var totalParameters: String
        /// The count the original report printed, when it differs from ours.
        var originalParameters: String?
        var layerTable: String
        var epochTable: String
        var firstValidAccuracy: String
        var finalTrainAccuracy: String
        var finalValidAccuracy: String
        var finalValidLoss: String
        var bestValidAccuracy: String
        var bestValidEpoch: String
        var peakedEarlier: Bool
        /// Validation above training accuracy at the end: augmentation makes the training batches harder.
        var validAboveTrain: Bool
        var stillRising: Bool
        var epochSeconds: String
        var figure: FigureRef
        /// The same run to more epochs, saved as a full-profile baseline.
        var longerRun: LongerRunView?
    }

    struct LongerRunView {
        var name: String
        var epochs: String
        var validAccuracy: String
        var originalValidAccuracy: String
    }

    /// The first saved full-profile run with more epochs of metric `base` (a
    /// `…valid.accuracy` name without its suffix) than `epochs`, and how many it has.
    static func longerSavedRun(_ base: String, epochs: Int, in runs: [BaselineComparison.SavedRun])
        -> (run: BaselineComparison.SavedRun, epochs: Int)? {
        for run in runs where run.baseline.metrics[MetricName.final(base)] != nil {
            var saved = 0
            while run.baseline.metrics[MetricName.epoch(base, saved + 1)] != nil { saved += 1 }
            if saved > epochs { return (run, saved) }
        }
        return nil
    }

    /// The final value of `base` in a saved run, and the original's, as percentages.
    static func savedFinal(_ base: String, in run: BaselineComparison.SavedRun) -> (saved: String, original: String) {
        let name = MetricName.final(base)
        let original = run.diff.shared.first { $0.metric == name }?.baseline
        return (run.baseline.metrics[name].map { NumberFormat.percent($0.value) } ?? "—",
                original.map { NumberFormat.percent($0) } ?? "—")
    }

    static func longerRun(_ runID: String, epochs: Int, in runs: [BaselineComparison.SavedRun]) -> LongerRunView? {
        let base = "p3.train.\(runID).valid.accuracy"
        guard let (run, saved) = longerSavedRun(base, epochs: epochs, in: runs) else { return nil }
        let final = savedFinal(base, in: run)
        return LongerRunView(name: run.baseline.name, epochs: String(saved), validAccuracy: final.saved,
                             originalValidAccuracy: final.original)
    }

    static let train = ReportSection(
        id: "p3-train", template: "sections/p3-train.md.mustache", reads: [P3TrainStep.id], figures: [P3Figures.curves.name]
    ) { context in
        let record = try context.store.load(P3TrainStep.self)
        let output = record.output, curve = output.run.curve
        guard let first = curve.first, let last = curve.last else {
            throw ReportError("\(context.store.path(for: P3TrainStep.id)): the curve is empty")
        }
        let layers = MarkdownTable.layers(output.layers, total: output.run.parameters)
        let best = curve.max { ($0.validAccuracy ?? 0) < ($1.validAccuracy ?? 0) }!
        let lastThree = curve.suffix(3).compactMap(\.validAccuracy)
        return TrainView(
            schedule: scheduleView(record.config.schedule, profile: record.header.profile.rawValue),
            trainCount: NumberFormat.count(output.trainCount), validCount: NumberFormat.count(output.validCount),
            testCount: NumberFormat.count(output.testCount),
            skippedCount: NumberFormat.count(output.skippedFiles.count), skippedOne: output.skippedFiles.count == 1,
            skipped: !output.skippedFiles.isEmpty,
            skippedFiles: output.skippedFiles.prefix(5).joined(separator: "; "),
            classes: output.classes.joined(separator: " and "),
            epochs: String(record.config.run.epochs), learningRate: NumberFormat.plain(record.config.run.learningRate),
            batchSize: String(record.config.run.batchSize), totalParameters: NumberFormat.count(output.run.parameters),
            originalParameters: context.comparison?.baseline.metrics["p3.train.parameters.total"]
                .flatMap { $0.value == Double(output.run.parameters) ? nil : NumberFormat.count($0.value) },
            layerTable: layers.markdown, epochTable: imageEpochTable(curve),
            firstValidAccuracy: percent(first.validAccuracy),
            finalTrainAccuracy: percent(last.trainAccuracy), finalValidAccuracy: percent(last.validAccuracy),
            finalValidLoss: last.validLoss.map(NumberFormat.loss) ?? "—",
            bestValidAccuracy: percent(best.validAccuracy), bestValidEpoch: String(best.epoch),
            peakedEarlier: best.epoch < last.epoch && (best.validAccuracy ?? 0) > (last.validAccuracy ?? 0) + 0.005,
            validAboveTrain: (last.validAccuracy ?? 0) > last.trainAccuracy,
            stillRising: lastThree.count == 3 && lastThree[2] > lastThree[0],
            epochSeconds: NumberFormat.seconds(curve.map(\.trainSeconds).reduce(0, +) / Double(curve.count)),
            figure: context.figure(P3Figures.curves.name),
            longerRun: longerRun(record.config.run.id, epochs: record.config.run.epochs, in: context.fullRuns))
    }

    static func imageEpochTable(_ curve: [ImageEpochPoint]) -> String {
        var table = MarkdownTable([
            ("Epoch", .right), ("Training accuracy", .right), ("Validation accuracy", .right),
            ("Training loss", .right), ("Validation loss", .right), ("Time", .right),
        ])
        for point in curve {
            table.add([
                String(point.epoch), percent(point.trainAccuracy), percent(point.validAccuracy),
                NumberFormat.loss(point.trainLoss), point.validLoss.map(NumberFormat.loss) ?? "—",
                NumberFormat.seconds(point.trainSeconds),
            ])
        }
        return table.markdown
    }
}
