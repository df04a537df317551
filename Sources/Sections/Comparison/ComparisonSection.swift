import ReportKit
import Foundation

/// "Original against reproduced": the final numbers of the original report
/// beside ours, from the same diff code as `report diff --baseline original`.
enum ComparisonSection {
    static let baselineName = "original"

    /// "1st", "2nd", "35th": an epoch as the prose counts it.
    static func ordinal(_ n: Int) -> String {
        let suffix = (11...13).contains(n % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][n % 10] ?? "th"
        return "\(n)\(suffix)"
    }

    struct View {
        var available: Bool
        var problem: String?
        var baseline: String
        var description: String
        var table: String
        var shared: String
        var within: String
        var moved: String
        var perEpochShared: String
        var perEpochWithin: String
        /// "Another 4 final values of the original belong" (or "Another final value … belongs").
        var onlyInOriginalSentence: String
        var someOnlyInOriginal: Bool
        var profileDiffers: Bool
        /// Some Problem 3 results come from the shortened default schedule.
        var shortenedProblem3: Bool
        var profile: String
        var baselineProfile: String
        var accuracyTolerance: String
        var lossTolerance: String
        var fullRuns: [SavedRunView] = []
        var anyFullRun = false
        var epochNoise: EpochNoise?
        var seedNoise: SeedNoise?
        /// The original's last epoch of Problem 3, "35th", which a shortened run stops before.
        var originalLastEpoch = ordinal(P3Schedule.forProfile(.original).mainEpochs)
    }

    /// A full-profile run kept as a baseline, beside the original.
    struct SavedRunView {
        var name: String
        var description: String
        var table: String
        var shared: String
        var within: String
    }

    static let section = ReportSection(id: "comparison", heading: .unnumbered("Original and reproduced numbers"), reads: []) { context in
        guard let result = context.comparison else {
            return View(
                available: false, problem: context.comparisonError ?? "no baseline", baseline: baselineName,
                description: "", table: "", shared: "0", within: "0", moved: "0", perEpochShared: "0", perEpochWithin: "0",
                onlyInOriginalSentence: "", someOnlyInOriginal: false, profileDiffers: false, shortenedProblem3: false, profile: "", baselineProfile: "",
                accuracyTolerance: "", lossTolerance: "")
        }
        let diff = result.diff
        // In the report's order: by the step that produced the metric, then by name.
        let order = Dictionary(context.provenance.steps.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        func rank(_ metric: String) -> Int {
            order.filter { metric.hasPrefix($0.key + ".") }.max { $0.key.count < $1.key.count }?.value ?? Int.max
        }
        func summaryRows(_ diff: MetricDiff) -> [DiffRow] {
            diff.shared.filter { $0.kind != .seconds && MetricName.isSummary($0.metric) }.sorted {
                rank($0.metric) != rank($1.metric) ? rank($0.metric) < rank($1.metric) : MetricDiff.metricOrder($0.metric, $1.metric)
            }
        }
        let summary = summaryRows(diff)
        let perEpoch = diff.shared.filter { $0.kind != .seconds && !MetricName.isSummary($0.metric) }
        let fullRuns = context.fullRuns.map { run in
            let rows = summaryRows(run.diff)
            return SavedRunView(
                name: run.baseline.name, description: run.baseline.description,
                table: diffTable(rows, tolerances: run.diff.tolerances, current: "This run"),
                shared: String(rows.count), within: String(rows.filter { $0.verdict == .within }.count))
        }
        let onlyOriginal = diff.onlyInBaseline.filter { MetricName.isSummary($0.metric) }.count
        let baselineProfile = result.baseline.profile ?? "unknown"
        return View(
            available: !summary.isEmpty, problem: summary.isEmpty ? "no metric of the original is in the current results" : nil,
            baseline: result.baseline.name, description: result.baseline.description, table: diffTable(summary, tolerances: diff.tolerances, current: "Reproduced"),
            shared: String(summary.count), within: String(summary.filter { $0.verdict == .within }.count),
            moved: String(summary.filter { $0.verdict == .moved }.count),
            perEpochShared: String(perEpoch.count), perEpochWithin: String(perEpoch.filter { $0.verdict == .within }.count),
            onlyInOriginalSentence: onlyInOriginalSentence(onlyOriginal), someOnlyInOriginal: onlyOriginal > 0,
            // `short` runs Problems 1 and 2 as the original did; only `quick` cuts them down.
            profileDiffers: result.snapshot.profiles.values.contains(.quick),
            shortenedProblem3: result.snapshot.profiles.contains { $0.key.hasPrefix("p3.") && $0.value == .short },
            profile: result.snapshot.profileSummary, baselineProfile: baselineProfile,
            accuracyTolerance: diff.tolerances.describe(.accuracyPercent), lossTolerance: diff.tolerances.describe(.loss),
            fullRuns: fullRuns, anyFullRun: !fullRuns.isEmpty,
            epochNoise: EpochNoise.measure(summary, mainRun: try? context.store.load(P3TrainStep.self).output),
            seedNoise: SeedNoise.measure(try? context.store.load(P3ConjecturesStep.self)))
    }

    static func onlyInOriginalSentence(_ count: Int) -> String {
        count == 1 ? "Another final value of the original belongs"
            : "Another \(NumberFormat.count(count)) final values of the original belong"
    }

    static func diffTable(_ rows: [DiffRow], tolerances: Tolerances, current: String) -> String {
        var table = MarkdownTable([
            ("Metric", .left), ("Original", .right), (current, .right), ("Difference", .right), ("Verdict", .left),
        ])
        for row in rows {
            table.add([
                "`\(row.metric)`", display(row.baseline, row.kind), display(row.current, row.kind),
                MetricDiff.describeDifference(row),
                row.verdict == .within ? "within \(tolerances.describe(row.kind))" : "**moved** (\(tolerances.describe(row.kind)))",
            ])
        }
        return table.markdown
    }

    static func display(_ value: Double?, _ kind: MetricKind) -> String {
        guard let value else { return "—" }
        switch kind {
        case .accuracyPercent: return NumberFormat.percent(inPercent: value)
        case .loss: return NumberFormat.decimal(value, digits: 4)
        case .count: return NumberFormat.count(value)
        case .gradientError: return NumberFormat.scientific(value)
        case .seconds: return NumberFormat.seconds(value)
        }
    }
}
