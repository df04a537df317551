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
        id: "p3-tuning", heading: .subsection("Hyper-parameters"), reads: [P3TuningStep.id]
    ) { context in
        let record = try context.store.load(P3TuningStep.self)
        let rows = record.output.rows, schedule = record.config.schedule
        var table = MarkdownTable([("Changed", .left), ("Value", .left), ("Epochs", .right), ("Validation accuracy", .right), ("Source", .left)])
        for row in rows {
            table.add([row.parameter.rawValue, row.value, String(row.epochs), NumberFormat.percent(fraction: row.validAccuracy), row.source])
        }
        let ownRuns = rows.filter { $0.parameter != .epochs }
        let best = ownRuns.max { $0.validAccuracy < $1.validAccuracy }
        let reference = rows.first { $0.parameter == .reference }
        let smallestRate = record.config.runs.map(\.learningRate).min() ?? .nan
        let smallRateRun = record.output.runs.first { $0.config.learningRate == smallestRate }
        let smallRateAccuracy = smallRateRun?.curve.last?.validAccuracy
        let main = P3TrainStep.mainRun(epochs: schedule.mainEpochs)
        let epochRows = rows.filter { $0.parameter == .epochs }
        return TuningView(
            schedule: scheduleView(schedule, profile: record.header.profile.rawValue), table: table.markdown,
            tuningEpochs: String(schedule.tuningEpochs),
            tuningShare: NumberFormat.percent(fraction: schedule.tuningSubset * schedule.subset, digits: 0),
            subset: schedule.tuningSubset * schedule.subset < 1,
            tuningTrainCount: NumberFormat.count(record.output.tuningTrainCount),
            hasReference: reference != nil, referenceAccuracy: NumberFormat.percent(fraction: reference?.validAccuracy),
            bestSetting: best.map { "\($0.parameter.rawValue) \($0.value)" } ?? "—", bestAccuracy: NumberFormat.percent(fraction: best?.validAccuracy),
            referenceBest: best?.parameter == .reference,
            smallRateSlow: (smallRateAccuracy ?? 1) < (reference?.validAccuracy ?? 0) - 0.02,
            smallRateAccuracy: NumberFormat.percent(fraction: smallRateAccuracy),
            readFromCurve: !epochRows.isEmpty, allOnPlateau: ownRuns.allSatisfy { $0.validAccuracy < 0.6 }, epochsRead: epochRows.map { String($0.epochs) }.joined(separator: ", "),
            figure: context.figure(P3Figures.tuning.name),
            referenceRate: NumberFormat.plain(main.learningRate), referenceBatch: String(main.batchSize),
            changes: tuningChanges(record.config.runs, from: main), smallRate: NumberFormat.plain(smallestRate),
            chance: prosePercent(1 / Double(CatDogVGG.classes)))
    }
}
