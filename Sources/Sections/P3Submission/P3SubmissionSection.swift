import ReportKit
import Datasets
import Foundation
import Learning
import Tensor

extension P3Sections {
    // MARK: submission

    struct SubmissionView {
        var schedule: ScheduleView
        var file: String
        var rows: String
        var epochCount: String
        var trainCount: String
        var finalTrainAccuracy: String
        var predicted: String
        var sha: String
    }

    static let submission = ReportSection(
        id: "p3-submission", heading: .subsection("The Kaggle submission"), reads: [P3SubmissionStep.id]
    ) { context in
        let record = try context.store.load(P3SubmissionStep.self)
        let output = record.output
        let predicted = output.predicted.sorted { $0.key < $1.key }
            .map { "\(NumberFormat.count($0.value)) × \($0.key)" }.joined(separator: ", ")
        let seen = output.run.curve.last
        return SubmissionView(
            schedule: scheduleView(record.config.schedule, profile: record.header.profile.rawValue), file: output.file,
            rows: NumberFormat.count(output.rows), epochCount: NumberFormat.counted(record.config.run.epochs, "epoch"),
            trainCount: output.trainCount.map(NumberFormat.count) ?? "all the labelled",
            finalTrainAccuracy: NumberFormat.percent(fraction: seen?.trainAccuracy), predicted: predicted, sha: String(output.sha256.prefix(12)))
    }
}
