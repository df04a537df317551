import ReportKit

/// How far the cats-vs-dogs VGG moves when only its seed changes, from the
/// seed runs of the conjectures step: the measured reason why a single run
/// need not match the original's exactly.
struct SeedNoise {
    /// "3".
    var runs: String
    /// "1.25 points".
    var spread: String
    /// "15 epochs".
    var epochCount: String

    /// Nil when the conjectures step has no result, or its seed runs are missing.
    static func measure(_ record: StepRecord<P3ConjecturesStep.Config, P3ConjecturesStep.Output>?) -> SeedNoise? {
        guard let record, let spread = SeedSpread(record.output), spread.finals.allSatisfy(\.isFinite) else { return nil }
        return SeedNoise(
            runs: String(spread.finals.count), spread: NumberFormat.decimal(100 * spread.spread, digits: 2) + " points",
            epochCount: NumberFormat.counted(record.config.epochs, "epoch"))
    }
}
