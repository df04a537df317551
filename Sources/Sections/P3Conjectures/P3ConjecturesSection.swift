import Foundation
import Learning
import ReportKit

extension P3Sections {
    /// One conjecture: what the original said, what was run, what came of it.
    struct ConjectureView {
        var claim: String
        var setting: String
        var finalValid: String
        var bestValid: String
        var epochsToThreshold: String
        var reachedThreshold: Bool
        var gap: String
        var difference: String
        var verdict: String
        var supported: Bool
        var notSupported: Bool
        var inconclusive: Bool
        /// Ended below the seeds' mean by more than their spread (which a
        /// "would not help" claim reads as supported, yet worth saying).
        var worse: Bool
        /// Never left chance: the lowest training loss, said beside `chanceLoss`.
        var stalled: Bool
        var lowestTrainLoss: String
        var chanceLoss: String
    }

    struct ConjecturesView {
        var epochs: String
        var epochCount: String
        var mainEpochs: String
        var shortened: Bool
        /// Why the schedule is shorter: the measured epoch and what the main
        /// run's epochs would cost for every run of the step.
        var epochSeconds: String
        var runsCounted: String
        var mainEpochCount: String
        var mainScheduleTime: String
        var threshold: String
        var adamLearningRate: String
        var dropoutProbability: String
        var seeds: String
        var seedFinals: String
        /// Epochs each seed needed to reach the threshold.
        var seedEpochs: String
        var spread: String
        var mainMean: String
        var table: String
        var adam: ConjectureView
        var adamByEpochs: Bool
        var batchNorm: ConjectureView
        var dropout: ConjectureView
        var normalised: ConjectureView
        var trainCount: String
        var validCount: String
        var figure: FigureRef
    }

    static let conjectures = ReportSection(
        id: "p3-conjectures", heading: .subsection("The original's conjectures, tested"), reads: [P3ConjecturesStep.id]
    ) { context in
        let record = try context.store.load(P3ConjecturesStep.self)
        let output = record.output
        let byID = Dictionary(output.runs.map { ($0.config.id, $0) }, uniquingKeysWith: { a, _ in a })
        func numbers(_ run: P3Conjecture) throws -> ConjectureRunNumbers {
            guard let output = byID[run.rawValue] else {
                throw ReportError("\(context.store.path(for: P3ConjecturesStep.id)): no run '\(run.rawValue)'")
            }
            return ConjectureRunNumbers(output.curve)
        }
        guard let spread = SeedSpread(output) else {
            throw ReportError("\(context.store.path(for: P3ConjecturesStep.id)): no runs '\(P3Conjecture.seed2.rawValue)' and '\(P3Conjecture.seed3.rawValue)'")
        }
        let adamByEpochs = spread.allReachThreshold
        let views = try ConjectureTable(spread: spread, adamByEpochs: adamByEpochs, numbers: numbers)
        let mainEpochs = P3Schedule.forProfile(record.header.profile).mainEpochs
        // The median: epochs that shared the machine with other work say nothing about the network.
        let epochSeconds = EpochTimes(output.runs.flatMap { $0.curve.map(\.trainSeconds) })?.median ?? .nan
        return ConjecturesView(
            epochs: String(record.config.epochs), epochCount: NumberFormat.counted(record.config.epochs, "epoch"),
            mainEpochs: String(mainEpochs), shortened: record.config.epochs < mainEpochs,
            epochSeconds: NumberFormat.seconds(epochSeconds), runsCounted: NumberFormat.counted(output.runs.count, "run"),
            mainEpochCount: NumberFormat.counted(mainEpochs, "epoch"),
            mainScheduleTime: NumberFormat.seconds(epochSeconds * Double(mainEpochs * output.runs.count)),
            threshold: NumberFormat.percent(fraction: ConjectureRunNumbers.threshold, digits: 0),
            adamLearningRate: NumberFormat.plain(P3Conjecture.adamLearningRate),
            dropoutProbability: NumberFormat.plain(CatDogVGG.dropoutProbability),
            seeds: String(spread.finals.count),
            seedFinals: spread.finals.map { NumberFormat.percent(fraction: $0) }.joined(separator: ", "),
            seedEpochs: spread.epochsToThreshold.map { $0.map(String.init) ?? "never" }.joined(separator: ", "),
            spread: NumberFormat.decimal(100 * spread.spread, digits: 2) + NumberFormat.unitSpace + "pts",
            mainMean: NumberFormat.percent(fraction: spread.mean),
            table: views.table.markdown,
            adam: views.adam, adamByEpochs: adamByEpochs,
            batchNorm: views.batchNorm, dropout: views.dropout, normalised: views.normalised,
            trainCount: NumberFormat.count(output.trainCount), validCount: NumberFormat.count(output.validCount),
            figure: context.figure(P3Figures.conjectures.name))
    }
}

/// The table of section "conjectures" and the verdict of each row.
struct ConjectureTable {
    var table: MarkdownTable
    var adam: P3Sections.ConjectureView
    var batchNorm: P3Sections.ConjectureView
    var dropout: P3Sections.ConjectureView
    var normalised: P3Sections.ConjectureView

    init(spread: SeedSpread, adamByEpochs: Bool, numbers: (P3Conjecture) throws -> ConjectureRunNumbers) throws {
        table = MarkdownTable([
            ("Conjecture (the original's discussion of Problem 3)", .left), ("Setting", .left),
            ("Validation, last epoch", .right), ("Best validation (epoch)", .right),
            ("Epochs to \(NumberFormat.percent(fraction: ConjectureRunNumbers.threshold, digits: 0))", .right),
            ("Train − validation", .right), ("Verdict", .left),
        ])
        let adamNumbers = try numbers(.adam)
        adam = Self.view(
            "Adam converges faster than SGD", "Adam, learning rate \(NumberFormat.plain(P3Conjecture.adamLearningRate))",
            adamNumbers, verdict: Self.speedVerdict(adamNumbers, spread: spread, byEpochs: adamByEpochs), spread: spread)
        batchNorm = Self.view("BatchNorm improves validation accuracy", "BatchNorm after every convolution",
                              try numbers(.batchNorm), claim: .improves, spread: spread)
        dropout = Self.view("Dropout would not help (no over-fitting)",
                            "Dropout \(NumberFormat.plain(CatDogVGG.dropoutProbability)) before each hidden dense layer",
                            try numbers(.dropout), claim: .doesNotHelp, spread: spread)
        normalised = Self.view("Normalising the inputs changes little", "inputs normalised per channel",
                               try numbers(.normalisedInputs), claim: .changesLittle, spread: spread)
        for row in [adam, batchNorm, dropout, normalised] {
            table.add([row.claim, row.setting, row.finalValid, row.bestValid, row.epochsToThreshold, row.gap, "**\(row.verdict)**"])
        }
    }

    /// Faster: fewer epochs to the threshold than the seeds, beyond their
    /// spread in epochs; when some seed never gets there, a higher accuracy
    /// at the end, beyond their spread in accuracy.
    static func speedVerdict(_ run: ConjectureRunNumbers, spread: SeedSpread, byEpochs: Bool) -> ConjectureVerdict {
        guard byEpochs else { return ConjectureClaim.improves.verdict(gain: run.finalValid - spread.mean, spread: spread.spread) }
        guard let epochs = run.epochsToThreshold else { return .notSupported }
        return ConjectureClaim.improves.verdict(gain: spread.meanEpochsToThreshold - Double(epochs), spread: spread.epochSpread)
    }

    static func view(_ claim: String, _ setting: String, _ run: ConjectureRunNumbers,
                     claim kind: ConjectureClaim, spread: SeedSpread) -> P3Sections.ConjectureView {
        view(claim, setting, run, verdict: kind.verdict(gain: run.finalValid - spread.mean, spread: spread.spread), spread: spread)
    }

    static func view(_ claim: String, _ setting: String, _ run: ConjectureRunNumbers,
                     verdict: ConjectureVerdict, spread: SeedSpread) -> P3Sections.ConjectureView {
        P3Sections.ConjectureView(
            claim: claim, setting: setting,
            finalValid: NumberFormat.percent(fraction: run.finalValid),
            bestValid: "\(NumberFormat.percent(fraction: run.bestValid)) (\(run.bestEpoch))",
            epochsToThreshold: run.epochsToThreshold.map(String.init) ?? "not reached",
            reachedThreshold: run.epochsToThreshold != nil,
            gap: NumberFormat.signed(100 * run.gap, digits: 2) + NumberFormat.unitSpace + "pts",
            difference: NumberFormat.signed(100 * (run.finalValid - spread.mean), digits: 2) + NumberFormat.unitSpace + "pts",
            verdict: verdict.rawValue, supported: verdict == .supported, notSupported: verdict == .notSupported,
            inconclusive: verdict == .inconclusive, worse: run.finalValid - spread.mean < -spread.spread, stalled: run.stalled,
            lowestTrainLoss: NumberFormat.decimal(run.lowestTrainLoss, digits: 4),
            chanceLoss: NumberFormat.decimal(ConjectureRunNumbers.chanceLoss, digits: 4))
    }
}
