import ReportKit

/// How much of Problem 3 each profile runs. `original` is the original's
/// schedule (the ResNets at a quarter width unless `--resnet-width` says
/// otherwise); `short` aims at under an hour on a 2-core CPU and is labelled
/// as shortened wherever its numbers appear.
struct P3Schedule: Codable, Sendable, Equatable {
    /// Epochs of the main VGG run.
    var mainEpochs: Int
    /// Epochs of the submission's retraining on all labelled photos.
    var submissionEpochs: Int
    /// Epochs of each tuning run (batch 256, lr 0.05, lr 0.005).
    var tuningEpochs: Int
    /// Share of the photos used by the tuning runs.
    var tuningSubset: Double
    /// Epochs and width multiplier of the two ResNet runs.
    var resnetEpochs: Int
    var resnetWidth: Double
    /// Share of the photos used by every run (quick profile only).
    var subset: Double

    static func forProfile(_ profile: Profile) -> P3Schedule {
        switch profile {
        case .quick: P3Schedule(mainEpochs: 1, submissionEpochs: 1, tuningEpochs: 1, tuningSubset: 1, resnetEpochs: 1, resnetWidth: 0.125, subset: 0.03)
        case .short: P3Schedule(mainEpochs: 10, submissionEpochs: 5, tuningEpochs: 2, tuningSubset: 0.5, resnetEpochs: 4, resnetWidth: 0.125, subset: 1)
        case .original: P3Schedule(mainEpochs: 35, submissionEpochs: 35, tuningEpochs: 35, tuningSubset: 1, resnetEpochs: 35, resnetWidth: 0.25, subset: 1)
        }
    }

    /// The original's epochs and photos, whatever the ResNets' width (which the report states).
    var isOriginal: Bool {
        var atOriginalWidth = self
        atOriginalWidth.resnetWidth = Self.forProfile(.original).resnetWidth
        return atOriginalWidth == .forProfile(.original)
    }
}
