import ReportKit
import Datasets
import Foundation
import Learning
import Tensor

extension P3Sections {
    // MARK: tuning

    struct TuningView {
        var schedule: ScheduleView
        var table: String
        var tuningEpochs: String
        var tuningEpochCount: String
        var tuningShare: String
        var subset: Bool
        var tuningTrainCount: String
        var hasReference: Bool
        var referenceAccuracy: String
        var bestSetting: String
        var bestAccuracy: String
        var referenceBest: Bool
        /// The changes from best to worst, and whether the original ranked them alike.
        var ranking: String
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

    /// The original's value for each row, in percent: own runs by their run's
    /// id, rows read off the main curve by their epochs. Nil where the original
    /// has none, or trained for another number of epochs (a shortened schedule).
    static func originalTuningValues(_ record: StepRecord<P3TuningStep.Config, P3TuningStep.Output>,
                                     _ comparison: BaselineComparison.Result?) -> [Double?] {
        let runIDs = record.output.runs.map(\.config.id)
        let originalEpochs = P3Schedule.forProfile(.original).tuningEpochs
        return record.output.rows.enumerated().map { index, row in
            let name = row.parameter == .epochs ? "p3.tuning.epochs\(row.epochs).valid.accuracy.final"
                : index < runIDs.count && row.epochs == originalEpochs ? "p3.tuning.\(runIDs[index]).valid.accuracy.final" : nil
            return name.flatMap { comparison?.baseline.metrics[$0]?.value }
        }
    }

    /// "Ranked by validation accuracy: a learning rate of 0.05 (80.50 %), then …
    /// The original ranked these changes in the same order (83.04 %, …)."; nil
    /// for fewer than two changes.
    static func tuningRanking(_ changes: [(P3TuningStep.Row, Double?)]) -> String? {
        guard changes.count > 1 else { return nil }
        func name(_ row: P3TuningStep.Row) -> String {
            row.parameter == .batchSize ? "batches of \(row.value)" : "a learning rate of \(row.value)"
        }
        let ours = changes.sorted { $0.0.validAccuracy > $1.0.validAccuracy }
        let listed = ours.map { "\(name($0.0)) (\(NumberFormat.percent(fraction: $0.0.validAccuracy)))" }
        var sentence = "Ranked by validation accuracy: " + listed.joined(separator: ", then ") + "."
        let originals = ours.compactMap(\.1)
        guard originals.count == ours.count else { return sentence }
        let theirs = ours.sorted { ($0.1 ?? 0) > ($1.1 ?? 0) }
        let sameOrder = theirs.map { name($0.0) } == ours.map { name($0.0) }
        let values = originals.map { NumberFormat.percent(inPercent: $0) }.joined(separator: ", ")
        sentence += sameOrder
            ? " The original ranked these changes in the same order (\(values), in the order above)."
            : " The original ranked them differently: " + theirs.map { "\(name($0.0)) (\(NumberFormat.percent(inPercent: $0.1 ?? .nan)))" }.joined(separator: ", then ") + "."
        return sentence
    }

    static let tuning = ReportSection(
        id: "p3-tuning", heading: .subsection("Hyper-parameters"), reads: [P3TuningStep.id]
    ) { context in
        let record = try context.store.load(P3TuningStep.self)
        let rows = record.output.rows, schedule = record.config.schedule
        let original = originalTuningValues(record, context.comparison)
        var table = MarkdownTable([("Changed", .left), ("Value", .left), ("Epochs", .right), ("Validation accuracy", .right),
                                   ("Original", .right), ("Source", .left)])
        for (row, original) in zip(rows, original) {
            table.add([row.parameter.rawValue, row.value, String(row.epochs), NumberFormat.percent(fraction: row.validAccuracy),
                       // "main run": the epoch is in its own column, and a short cell keeps the table narrow on a phone.
                       original.map { NumberFormat.percent(inPercent: $0) } ?? "—", row.parameter == .epochs ? "main run" : row.source])
        }
        let ownRuns = rows.filter { $0.parameter != .epochs }
        // Without a reference run of its own, the main run after as many epochs is the like-for-like reference.
        let reference = rows.first { $0.parameter == .reference }
            ?? rows.first { $0.parameter == .epochs && $0.epochs == schedule.tuningEpochs }
        let best = (ownRuns + (reference.map { [$0] } ?? [])).max { $0.validAccuracy < $1.validAccuracy }
        let smallestRate = record.config.runs.map(\.learningRate).min() ?? .nan
        let smallRateRun = record.output.runs.first { $0.config.learningRate == smallestRate }
        let smallRateAccuracy = smallRateRun?.curve.last?.validAccuracy
        let main = P3TrainStep.mainRun(epochs: schedule.mainEpochs)
        let epochRows = rows.filter { $0.parameter == .epochs }
        return TuningView(
            schedule: scheduleView(schedule, profile: record.header.profile.rawValue), table: table.markdown,
            tuningEpochs: String(schedule.tuningEpochs),
            tuningEpochCount: NumberFormat.counted(schedule.tuningEpochs, "epoch"),
            tuningShare: NumberFormat.percent(fraction: schedule.tuningSubset * schedule.subset, digits: 0),
            subset: schedule.tuningSubset * schedule.subset < 1,
            tuningTrainCount: NumberFormat.count(record.output.tuningTrainCount),
            hasReference: rows.contains { $0.parameter == .reference }, referenceAccuracy: NumberFormat.percent(fraction: reference?.validAccuracy),
            bestSetting: best.map { "\($0.parameter.rawValue) \($0.value)" } ?? "—", bestAccuracy: NumberFormat.percent(fraction: best?.validAccuracy),
            referenceBest: best.map { $0.parameter == .reference || $0.parameter == .epochs } ?? false,
            ranking: tuningRanking(zip(rows, original).filter { $0.0.parameter == .batchSize || $0.0.parameter == .learningRate })
                .map { $0 + " " } ?? "",
            smallRateSlow: (smallRateAccuracy ?? 1) < (reference?.validAccuracy ?? 0) - 0.02,
            smallRateAccuracy: NumberFormat.percent(fraction: smallRateAccuracy),
            readFromCurve: !epochRows.isEmpty, allOnPlateau: ownRuns.allSatisfy { $0.validAccuracy < 0.6 }, epochsRead: epochRows.map { String($0.epochs) }.joined(separator: ", "),
            figure: context.figure(P3Figures.tuning.name),
            referenceRate: NumberFormat.plain(main.learningRate), referenceBatch: String(main.batchSize),
            changes: tuningChanges(record.config.runs, from: main), smallRate: NumberFormat.plain(smallestRate),
            chance: prosePercent(1 / Double(CatDogVGG.classes)))
    }
}
