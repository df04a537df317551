import ReportKit
import Foundation
import Learning
import Plot

/// Problem 3's sections: the VGG and its training, the tuning runs, the
/// submission and the ResNet appendix, each from its own step's saved result.
enum P3Sections {
    /// What the report says about a schedule shorter than the original's.
    struct ScheduleView {
        var shortened: Bool
        var profile: String
        var originalEpochs: String
        var originalEpochCount: String
    }

    static func scheduleView(_ schedule: P3Schedule, profile: String) -> ScheduleView {
        ScheduleView(shortened: !schedule.isOriginal, profile: profile,
                     originalEpochs: String(P3Schedule.forProfile(.original).mainEpochs),
                     originalEpochCount: NumberFormat.counted(P3Schedule.forProfile(.original).mainEpochs, "epoch"))
    }
}

/// Problem 3's training figures, drawn from the saved results of the P3 steps.
enum P3Figures {
    static let train = Color(hex: "1f77b4")
    static let valid = Color(hex: "ff7f0e")
    static let cycle = ["1f77b4", "ff7f0e", "2ca02c", "d62728", "9467bd", "8c564b"].map { Color(hex: $0) }

    /// "lr 0.05, batch 128" for a run's legend entry.
    static func runLabel(_ config: ImageRunConfig) -> String {
        "lr \(NumberFormat.plain(config.learningRate)), batch \(config.batchSize)"
    }
}
