import ReportKit
import Datasets
import Foundation
import Learning
import Tensor

extension P3Sections {
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
        var epochCount: String
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
        var fullWidth: FullWidthCostView?
    }

    /// Parameters and multiply-adds per sample of the ResNet-18 with batch
    /// normalisation at `width`, counted on the network itself (its weights are not used).
    static func resNetSize(width: Double) -> (parameters: Int, multiplyAdds: Int) {
        var rng = SeededGenerator(seed: 0)
        let network: Sequential<Float> = CatDogResNet.make(width: width, batchNorm: true, classes: CatDogVGG.classes, rng: &rng)
        return (network.parameterCount, network.multiplyAddsPerLayer.reduce(0, +))
    }

    static let fullWidthResNet = resNetSize(width: 1)

    /// What the original's full width would cost, scaled from this build's epochs.
    struct FullWidthCostView {
        var factor: String
        var epochCount: String
        var duration: String
        /// The command that trains the original's width.
        var command = "report build --resnet-width 1"
    }

    /// nil at full width, or without a measured epoch.
    static func fullWidthCost(width: Double, epochs: Int, epochSeconds: Double) -> FullWidthCostView? {
        guard width < 1, epochSeconds.isFinite, epochSeconds > 0 else { return nil }
        let factor = Double(fullWidthResNet.multiplyAdds) / Double(resNetSize(width: width).multiplyAdds)
        let hours = Int((factor * epochSeconds * Double(epochs) / 3600).rounded())
        return FullWidthCostView(factor: NumberFormat.plain(factor.rounded()), epochCount: NumberFormat.counted(epochs, "epoch"),
                                 duration: NumberFormat.counted(max(hours, 1), "hour"))
    }

    static func side(_ k: Int) -> String { "\(k)×\(k)" }

    struct LongerResNetView {
        var name: String
        var epochCount: String
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
            name: run.baseline.name, epochCount: NumberFormat.counted(saved, "epoch"), parameters: parameters.map { NumberFormat.count($0.value) } ?? "—",
            withBatchNorm: withBatchNorm.saved, withoutBatchNorm: savedFinal(plain, in: run).saved,
            originalWithBatchNorm: withBatchNorm.original)
    }

    static let resnet = ReportSection(
        id: "p3-resnet", heading: .subsection("Appendix: a ResNet with and without batch normalisation"), reads: [P3ResNetStep.id]
    ) { context in
        let record = try context.store.load(P3ResNetStep.self)
        var table = MarkdownTable([
            ("Network", .left), ("Parameters", .right), ("Training loss, epoch 1 → last", .right),
            ("Validation accuracy, last", .right), ("best", .right), ("Time per epoch (median)", .right),
        ])
        var runs: [ImageRunConfig.Architecture: ResNetRun] = [:]
        var finals: [ImageRunConfig.Architecture: Double] = [:], losses: [ImageRunConfig.Architecture: Double] = [:]
        var batchNormEpochSeconds = Double.nan
        for run in record.output.runs {
            let label = run.config.architecture == .resnetBatchNorm ? "With BatchNorm" : "Without BatchNorm"
            let best = run.curve.compactMap(\.validAccuracy).max()
            let view = ResNetRun(
                label: label, parameters: NumberFormat.count(run.parameters),
                finalValidAccuracy: NumberFormat.percent(fraction: run.curve.last?.validAccuracy), bestValidAccuracy: NumberFormat.percent(fraction: best),
                firstTrainLoss: run.curve.first.map { NumberFormat.loss($0.trainLoss) } ?? "—",
                finalTrainLoss: run.curve.last.map { NumberFormat.loss($0.trainLoss) } ?? "—")
            runs[run.config.architecture] = view
            finals[run.config.architecture] = run.curve.last?.validAccuracy
            losses[run.config.architecture] = run.curve.last?.trainLoss
            // The median: a pause or other work on the machine lengthens single epochs.
            let seconds = EpochTimes(run.curve.map(\.trainSeconds))?.median ?? .nan
            if run.config.architecture == .resnetBatchNorm { batchNormEpochSeconds = seconds }
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
            width: NumberFormat.plain(width), reduced: width < 1, epochCount: NumberFormat.counted(record.config.schedule.resnetEpochs, "epoch"),
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
            fullParameters: NumberFormat.plain((Double(fullWidthResNet.parameters) / 1e6).rounded()) + " million",
            fullWidth: fullWidthCost(width: width, epochs: record.config.schedule.resnetEpochs, epochSeconds: batchNormEpochSeconds))
    }
}
