import ReportKit
import Datasets
import Foundation
import Learning
import Tensor

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
        var epochCount: String
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
        /// How long an epoch took (see `EpochTimes`).
        var epochTimes: String
        var figure: FigureRef
        /// The same run to more epochs, saved as a full-profile baseline.
        var longerRun: LongerRunView?
        var setup: SetupView
    }

    /// The split, the augmentation and the VGG's shape, as the text states
    /// them: from the run's saved config and the network's own constants.
    struct SetupView {
        var trainShare: String
        var validShare: String
        var imageSize: String
        var cropScale: String
        var cropRatio: String
        var flipProbability: String
        var jitter: String
        var lightingStd: String
        var kernel: String
        /// The kernel as the original's formula multiplies it, "3 × 3".
        var kernelProduct: String
        var padding: String
        var pool: String
        var blockChannels: String
        /// "256 × 4 × 4 = 4,096": what the first dense layer reads.
        var flattened: String
    }

    static func setupView(_ augmentation: Augmentation) -> SetupView {
        let share = CatDogData.trainShare, side = CatDogVGG.inputShape[1], k = CatDogVGG.kernelSize
        let channels = CatDogVGG.blocks.last?.1 ?? 0, feature = CatDogVGG.featureSide
        let jitters = [augmentation.brightness, augmentation.contrast, augmentation.saturation]
            .map { "[\(NumberFormat.plain(1 - $0)), \(NumberFormat.plain(1 + $0))]" }
        return SetupView(
            trainShare: prosePercent(share), validShare: prosePercent(1 - share),
            imageSize: "\(side)×\(side)",
            cropScale: "\(NumberFormat.plain((100 * augmentation.cropScale.lowerBound).rounded()))–\(prosePercent(augmentation.cropScale.upperBound))",
            cropRatio: "\(fraction(augmentation.cropRatio.lowerBound)) and \(fraction(augmentation.cropRatio.upperBound))",
            flipProbability: fraction(augmentation.flipProbability),
            // One range when the three factors share it, as the original's do.
            jitter: Set(jitters).count == 1 ? jitters[0] : jitters.joined(separator: ", ") + " respectively",
            lightingStd: NumberFormat.plain(augmentation.lightingStd),
            kernel: "\(k)×\(k)", kernelProduct: "\(k) × \(k)", padding: String(CatDogVGG.padding),
            pool: "\(CatDogVGG.poolSize)×\(CatDogVGG.poolSize)",
            blockChannels: CatDogVGG.blocks.map { count, width in
                Array(repeating: String(width), count: count).joined(separator: ", ")
            }.joined(separator: "; "),
            flattened: "\(channels) × \(feature) × \(feature) = \(NumberFormat.count(channels * feature * feature))")
    }

    /// A share in whole percent with an ordinary space, "80 %", as the prose has always set it
    /// (results use `NumberFormat.percent`, with its non-breaking space).
    static func prosePercent(_ fraction: Double) -> String {
        NumberFormat.plain((100 * fraction).rounded()) + " %"
    }

    /// A probability or ratio as the text writes it: "½", "3/4", "4/3"; else the decimal.
    static func fraction(_ x: Double) -> String {
        guard let denominator = (1...12).first(where: { abs(x * Double($0) - (x * Double($0)).rounded()) < 1e-9 }) else {
            return NumberFormat.plain(x)
        }
        let numerator = Int((x * Double(denominator)).rounded())
        if numerator == 1 && denominator == 2 { return "½" }
        return denominator == 1 ? String(numerator) : "\(numerator)/\(denominator)"
    }

    struct LongerRunView {
        var name: String
        var epochCount: String
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

    /// The final value of `base` in a saved run, and the original's, as percentages
    /// (metrics, which keep accuracies in percent).
    static func savedFinal(_ base: String, in run: BaselineComparison.SavedRun) -> (saved: String, original: String) {
        let name = MetricName.final(base)
        let original = run.diff.shared.first { $0.metric == name }?.baseline
        return (run.baseline.metrics[name].map { NumberFormat.percent(inPercent: $0.value) } ?? "—",
                original.map { NumberFormat.percent(inPercent: $0) } ?? "—")
    }

    static func longerRun(_ runID: String, epochs: Int, in runs: [BaselineComparison.SavedRun]) -> LongerRunView? {
        let base = "p3.train.\(runID).valid.accuracy"
        guard let (run, saved) = longerSavedRun(base, epochs: epochs, in: runs) else { return nil }
        let final = savedFinal(base, in: run)
        return LongerRunView(name: run.baseline.name, epochCount: NumberFormat.counted(saved, "epoch"), validAccuracy: final.saved,
                             originalValidAccuracy: final.original)
    }

    static let train = ReportSection(
        id: "p3-train", heading: .problem("cats and dogs", firstSubsection: "The photos and the network"), reads: [P3TrainStep.id]
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
            epochs: String(record.config.run.epochs), epochCount: NumberFormat.counted(record.config.run.epochs, "epoch"),
            learningRate: NumberFormat.plain(record.config.run.learningRate),
            batchSize: String(record.config.run.batchSize), totalParameters: NumberFormat.count(output.run.parameters),
            originalParameters: context.comparison?.baseline.metrics["p3.train.parameters.total"]
                .flatMap { $0.value == Double(output.run.parameters) ? nil : NumberFormat.count($0.value) },
            layerTable: layers.markdown, epochTable: imageEpochTable(curve),
            firstValidAccuracy: NumberFormat.percent(fraction: first.validAccuracy),
            finalTrainAccuracy: NumberFormat.percent(fraction: last.trainAccuracy), finalValidAccuracy: NumberFormat.percent(fraction: last.validAccuracy),
            finalValidLoss: last.validLoss.map(NumberFormat.loss) ?? "—",
            bestValidAccuracy: NumberFormat.percent(fraction: best.validAccuracy), bestValidEpoch: String(best.epoch),
            peakedEarlier: best.epoch < last.epoch && (best.validAccuracy ?? 0) > (last.validAccuracy ?? 0) + 0.005,
            validAboveTrain: (last.validAccuracy ?? 0) > last.trainAccuracy,
            stillRising: lastThree.count == 3 && lastThree[2] > lastThree[0],
            epochTimes: EpochTimes(curve.map(\.trainSeconds))?.sentence ?? "",
            figure: context.figure(P3Figures.curves.name),
            longerRun: longerRun(record.config.run.id, epochs: record.config.run.epochs, in: context.fullRuns),
            setup: setupView(record.config.run.augmentation))
    }

    static func imageEpochTable(_ curve: [ImageEpochPoint]) -> String {
        var table = MarkdownTable([
            ("Epoch", .right), ("Training accuracy", .right), ("Validation accuracy", .right),
            ("Training loss", .right), ("Validation loss", .right), ("Time", .right),
        ])
        for point in curve {
            table.add([
                String(point.epoch), NumberFormat.percent(fraction: point.trainAccuracy), NumberFormat.percent(fraction: point.validAccuracy),
                NumberFormat.loss(point.trainLoss), point.validLoss.map(NumberFormat.loss) ?? "—",
                NumberFormat.seconds(point.trainSeconds),
            ])
        }
        return table.markdown
    }
}
