import Datasets
import Foundation
import Learning
import Tensor

/// Problem 3's sections: the VGG and its training, the tuning runs, the
/// submission and the ResNet appendix, each from its own step's saved result.
enum P3Sections {
    static let all: [ReportSection] = [train, tuning, submission, resnet] + P3VisualizationSections.all

    /// What the report says about a schedule shorter than the original's.
    struct ScheduleView {
        var shortened: Bool
        var profile: String
        var originalEpochs: String
    }

    static func scheduleView(_ schedule: P3Schedule, profile: String) -> ScheduleView {
        ScheduleView(shortened: !schedule.isOriginal, profile: profile,
                     originalEpochs: String(P3Schedule.forProfile(.original).mainEpochs))
    }

    static func percent(_ fraction: Double?) -> String {
        fraction.map { NumberFormat.percent(100 * $0) } ?? "—"
    }

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
                String(point.epoch), percent(point.trainAccuracy), percent(point.validAccuracy),
                NumberFormat.loss(point.trainLoss), point.validLoss.map(NumberFormat.loss) ?? "—",
                NumberFormat.seconds(point.trainSeconds),
            ])
        }
        return table.markdown
    }

    // MARK: tuning

    struct TuningView {
        var schedule: ScheduleView
        var table: String
        var tuningEpochs: String
        var tuningShare: String
        var subset: Bool
        var tuningTrainCount: String
        var hasReference: Bool
        var referenceAccuracy: String
        var bestSetting: String
        var bestAccuracy: String
        var referenceBest: Bool
        var smallRateSlow: Bool
        var smallRateAccuracy: String
        var readFromCurve: Bool
        /// No run of its own got clearly off the 50 % plateau: the table cannot rank them.
        var allOnPlateau: Bool
        var epochsRead: String
        var figure: FigureRef
        /// The main run's setting, what each tuning run changes, the smallest rate tried.
        var referenceRate: String
        var referenceBatch: String
        var changes: String
        var smallRate: String
        /// Chance accuracy (one over the classes), where every run starts.
        var chance: String
    }

    /// "batches of 256, a learning rate of 0.05, …": each run's difference from `reference`.
    static func tuningChanges(_ runs: [ImageRunConfig], from reference: ImageRunConfig) -> String {
        runs.compactMap { run -> String? in
            if run.batchSize != reference.batchSize { return "batches of \(run.batchSize)" }
            if run.learningRate != reference.learningRate { return "a learning rate of \(NumberFormat.plain(run.learningRate))" }
            return nil
        }.joined(separator: ", ")
    }

    static let tuning = ReportSection(
        id: "p3-tuning", template: "sections/p3-tuning.md.mustache", reads: [P3TuningStep.id], figures: [P3Figures.tuning.name]
    ) { context in
        let record = try context.store.load(P3TuningStep.self)
        let rows = record.output.rows, schedule = record.config.schedule
        var table = MarkdownTable([("Changed", .left), ("Value", .left), ("Epochs", .right), ("Validation accuracy", .right), ("Source", .left)])
        for row in rows {
            table.add([row.parameter, row.value, String(row.epochs), percent(row.validAccuracy), row.source])
        }
        let ownRuns = rows.filter { $0.parameter != "epochs" }
        let best = ownRuns.max { $0.validAccuracy < $1.validAccuracy }
        let reference = rows.first { $0.parameter == "reference" }
        let smallestRate = NumberFormat.plain(record.config.runs.map(\.learningRate).min() ?? .nan)
        let smallRate = rows.first { $0.parameter == "learning rate" && $0.value == smallestRate }
        let main = P3TrainStep.mainRun(epochs: schedule.mainEpochs)
        let epochRows = rows.filter { $0.parameter == "epochs" }
        return TuningView(
            schedule: scheduleView(schedule, profile: record.header.profile.rawValue), table: table.markdown,
            tuningEpochs: String(schedule.tuningEpochs),
            tuningShare: NumberFormat.percent(100 * schedule.tuningSubset * schedule.subset, digits: 0),
            subset: schedule.tuningSubset * schedule.subset < 1,
            tuningTrainCount: NumberFormat.count(record.output.tuningTrainCount),
            hasReference: reference != nil, referenceAccuracy: percent(reference?.validAccuracy),
            bestSetting: best.map { "\($0.parameter) \($0.value)" } ?? "—", bestAccuracy: percent(best?.validAccuracy),
            referenceBest: best?.parameter == "reference",
            smallRateSlow: (smallRate?.validAccuracy ?? 1) < (reference?.validAccuracy ?? 0) - 0.02,
            smallRateAccuracy: percent(smallRate?.validAccuracy),
            readFromCurve: !epochRows.isEmpty, allOnPlateau: ownRuns.allSatisfy { $0.validAccuracy < 0.6 }, epochsRead: epochRows.map { String($0.epochs) }.joined(separator: ", "),
            figure: context.figure(P3Figures.tuning.name),
            referenceRate: NumberFormat.plain(main.learningRate), referenceBatch: String(main.batchSize),
            changes: tuningChanges(record.config.runs, from: main), smallRate: smallestRate,
            chance: prosePercent(1 / Double(CatDogVGG.classes)))
    }

    // MARK: submission

    struct SubmissionView {
        var schedule: ScheduleView
        var file: String
        var rows: String
        var epochs: String
        var trainCount: String
        var finalTrainAccuracy: String
        var predicted: String
        var sha: String
    }

    static let submission = ReportSection(
        id: "p3-submission", template: "sections/p3-submission.md.mustache", reads: [P3SubmissionStep.id]
    ) { context in
        let record = try context.store.load(P3SubmissionStep.self)
        let output = record.output
        let predicted = output.predicted.sorted { $0.key < $1.key }
            .map { "\(NumberFormat.count($0.value)) × \($0.key)" }.joined(separator: ", ")
        let seen = output.run.curve.last
        return SubmissionView(
            schedule: scheduleView(record.config.schedule, profile: record.header.profile.rawValue), file: output.file,
            rows: NumberFormat.count(output.rows), epochs: String(record.config.run.epochs),
            trainCount: output.trainCount.map(NumberFormat.count) ?? "all the labelled",
            finalTrainAccuracy: percent(seen?.trainAccuracy), predicted: predicted, sha: String(output.sha256.prefix(12)))
    }

    // MARK: ResNet

    struct ResNetRun {
        var label: String
        var parameters: String
        var finalValidAccuracy: String
        var bestValidAccuracy: String
        var firstTrainLoss: String
        var finalTrainLoss: String
    }

    struct ResNetView {
        var schedule: ScheduleView
        var width: String
        var reduced: Bool
        var epochs: String
        var layers: String
        var table: String
        var withBatchNorm: ResNetRun?
        var withoutBatchNorm: ResNetRun?
        var batchNormBetter: Bool
        var batchNormLossLower: Bool
        var difference: String
        var figure: FigureRef
        /// Both networks trained longer, saved as a full-profile baseline.
        var longerRun: LongerResNetView?
        var learningRate: String
        var batchSize: String
        /// Cores of the machine that trained them, which is why the width is reduced.
        var cores: String
        /// The network's shape at full width, from its definition.
        var kernel: String
        var shortcut: String
        var fullChannels: String
        var fullParameters: String
    }

    /// Parameters of the full-width ResNet-18 with batch normalisation, counted
    /// on the network itself (built once; its weights are not used).
    static let fullWidthResNetParameters: Int = {
        var rng = SeededGenerator(seed: 0)
        let network: Sequential<Float> = CatDogResNet.make(width: 1, batchNorm: true, classes: CatDogVGG.classes, rng: &rng)
        return network.parameterCount
    }()

    static func side(_ k: Int) -> String { "\(k)×\(k)" }

    struct LongerResNetView {
        var name: String
        var epochs: String
        var parameters: String
        var withBatchNorm: String
        var withoutBatchNorm: String
        var originalWithBatchNorm: String
    }

    /// The first saved full-profile run of the ResNets (`configs`) longer than this build's.
    static func longerResNetRun(_ configs: [ImageRunConfig], epochs: Int,
                                in runs: [BaselineComparison.SavedRun]) -> LongerResNetView? {
        guard let batchNormID = configs.first(where: { $0.architecture == .resnetBatchNorm })?.id,
              let plainID = configs.first(where: { $0.architecture == .resnetPlain })?.id else { return nil }
        let batchNorm = "p3.resnet.\(batchNormID).valid.accuracy", plain = "p3.resnet.\(plainID).valid.accuracy"
        guard let (run, saved) = longerSavedRun(batchNorm, epochs: epochs, in: runs) else { return nil }
        let withBatchNorm = savedFinal(batchNorm, in: run)
        let parameters = run.baseline.metrics["p3.resnet.\(batchNormID).parameters.total"]
        return LongerResNetView(
            name: run.baseline.name, epochs: String(saved), parameters: parameters.map { NumberFormat.count($0.value) } ?? "—",
            withBatchNorm: withBatchNorm.saved, withoutBatchNorm: savedFinal(plain, in: run).saved,
            originalWithBatchNorm: withBatchNorm.original)
    }

    static let resnet = ReportSection(
        id: "p3-resnet", template: "sections/p3-resnet.md.mustache", reads: [P3ResNetStep.id], figures: [P3Figures.resnet.name]
    ) { context in
        let record = try context.store.load(P3ResNetStep.self)
        var table = MarkdownTable([
            ("Network", .left), ("Parameters", .right), ("Training loss, epoch 1 → last", .right),
            ("Validation accuracy, last", .right), ("best", .right), ("Time per epoch", .right),
        ])
        var runs: [ImageRunConfig.Architecture: ResNetRun] = [:]
        var finals: [ImageRunConfig.Architecture: Double] = [:], losses: [ImageRunConfig.Architecture: Double] = [:]
        for run in record.output.runs {
            let label = run.config.architecture == .resnetBatchNorm ? "With BatchNorm" : "Without BatchNorm"
            let best = run.curve.compactMap(\.validAccuracy).max()
            let view = ResNetRun(
                label: label, parameters: NumberFormat.count(run.parameters),
                finalValidAccuracy: percent(run.curve.last?.validAccuracy), bestValidAccuracy: percent(best),
                firstTrainLoss: run.curve.first.map { NumberFormat.loss($0.trainLoss) } ?? "—",
                finalTrainLoss: run.curve.last.map { NumberFormat.loss($0.trainLoss) } ?? "—")
            runs[run.config.architecture] = view
            finals[run.config.architecture] = run.curve.last?.validAccuracy
            losses[run.config.architecture] = run.curve.last?.trainLoss
            let seconds = run.curve.map(\.trainSeconds).reduce(0, +) / Double(max(run.curve.count, 1))
            table.add([label, view.parameters, "\(view.firstTrainLoss) → \(view.finalTrainLoss)", view.finalValidAccuracy,
                       view.bestValidAccuracy, NumberFormat.seconds(seconds)])
        }
        let width = record.config.schedule.resnetWidth
        let difference = 100 * ((finals[.resnetBatchNorm] ?? .nan) - (finals[.resnetPlain] ?? .nan))
        var schedule = scheduleView(record.config.schedule, profile: record.header.profile.rawValue)
        // Width has its own sentence; "shortened" here is about the epochs only.
        schedule.shortened = record.config.schedule.resnetEpochs < P3Schedule.forProfile(.original).resnetEpochs
        return ResNetView(
            schedule: schedule,
            width: NumberFormat.plain(width), reduced: width < 1, epochs: String(record.config.schedule.resnetEpochs),
            layers: String(record.output.layers), table: table.markdown,
            withBatchNorm: runs[.resnetBatchNorm], withoutBatchNorm: runs[.resnetPlain],
            batchNormBetter: difference > 0,
            batchNormLossLower: (losses[.resnetBatchNorm] ?? .nan) < (losses[.resnetPlain] ?? .nan), difference: NumberFormat.decimal(abs(difference), digits: 2) + NumberFormat.unitSpace + "pts",
            figure: context.figure(P3Figures.resnet.name),
            longerRun: longerResNetRun(record.config.runs, epochs: record.config.schedule.resnetEpochs, in: context.fullRuns),
            learningRate: NumberFormat.plain(record.config.runs.first?.learningRate ?? .nan),
            batchSize: record.config.runs.first.map { String($0.batchSize) } ?? "—",
            cores: String(record.header.provenance.cores),
            kernel: side(CatDogResNet.kernelSize), shortcut: side(CatDogResNet.shortcutKernelSize),
            fullChannels: "\(CatDogResNet.stageChannels.first ?? 0) to \(CatDogResNet.stageChannels.last ?? 0)",
            fullParameters: NumberFormat.plain((Double(fullWidthResNetParameters) / 1e6).rounded()) + " million")
    }
}
