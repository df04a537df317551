import ReportKit

/// How far the main VGG's validation accuracy moves from one epoch to the next
/// near the end of its training, beside Problem 3's moved accuracies: each of
/// those is one epoch of one run, so a gap to the original smaller than this
/// movement says nothing about the reproduction.
struct EpochNoise {
    /// "10 epochs".
    var epochs: String
    var low: String
    var high: String
    /// "4.21 points".
    var spread: String
    /// "All 4 of Problem 3's moved accuracies differ", "3 of Problem 3's 4 moved accuracies differ".
    var explained: String

    /// The last epochs of the main run that are read.
    static let window = 10

    /// Nil when no Problem 3 accuracy moved or the main run is too short to say.
    static func measure(_ rows: [DiffRow], mainRun: P3TrainStep.Output?) -> EpochNoise? {
        let moved = rows.filter { $0.metric.hasPrefix("p3.") && $0.kind == .accuracyPercent && $0.verdict == .moved }
        let late = (mainRun?.run.curve ?? []).suffix(window).compactMap(\.validAccuracy)
        guard !moved.isEmpty, late.count == window, let low = late.min(), let high = late.max() else { return nil }
        let spreadPoints = 100 * (high - low)
        let within = moved.filter { abs($0.difference ?? .infinity) <= spreadPoints }.count
        let explained = within == moved.count
            ? (moved.count == 1 ? "The one moved accuracy of Problem 3 differs" : "All \(moved.count) of Problem 3's moved accuracies differ")
            : "\(within) of Problem 3's \(moved.count) moved accuracies differ"
        return EpochNoise(
            epochs: NumberFormat.counted(window, "epoch"), low: NumberFormat.percent(fraction: low),
            high: NumberFormat.percent(fraction: high), spread: NumberFormat.decimal(spreadPoints, digits: 2) + " points",
            explained: explained)
    }
}
