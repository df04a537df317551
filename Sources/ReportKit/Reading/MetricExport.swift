import Foundation

/// Every metric as one flat row, for spreadsheets and data frames
/// (`report metrics --csv`): the same names `report diff` and the baselines use.
///
///     step,metric,epoch,value,unit,kind
///     p1.init,p1.init.zero.accuracy.epoch01,1,11.356,%,accuracy_percent
///     p1.init,p1.init.zero.accuracy.final,,11.356,%,accuracy_percent
///
/// `epoch` is the epoch of a per-epoch point and empty otherwise, so that a
/// curve is one filter away; `value` is written in full precision (NaN, inf and
/// -inf as such); `unit` is "%" for accuracies, "s" for timings and empty for
/// plain numbers (losses, counts, gradient errors); `kind` says which.
public struct MetricRow: Codable, Sendable, Equatable {
    public var step: String
    public var metric: String
    public var epoch: Int?
    public var value: Double
    public var unit: String
    public var kind: MetricKind

    public static let columns = ["step", "metric", "epoch", "value", "unit", "kind"]

    public static func unit(of kind: MetricKind) -> String {
        switch kind {
        case .accuracyPercent: "%"
        case .seconds: "s"
        case .loss, .count, .gradientError: ""
        }
    }

    /// The epoch of a per-epoch metric name ("….epoch07" → 7).
    package static func epoch(of name: String) -> Int? {
        guard let last = name.split(separator: ".").last, last.hasPrefix("epoch") else { return nil }
        return Int(last.dropFirst(5))
    }

    /// The rows of `results`, in the report's step order and each step's metric order.
    public static func rows(_ results: [SavedResult]) -> [MetricRow] {
        results.flatMap { result in
            result.metrics.keys.sorted(by: MetricDiff.metricOrder).map { name in
                let metric = result.metrics[name]!
                return MetricRow(step: result.step, metric: name, epoch: epoch(of: name), value: metric.value,
                                 unit: unit(of: metric.kind), kind: metric.kind)
            }
        }
    }

    package var fields: [String] {
        [step, metric, epoch.map(String.init) ?? "", Self.number(value), unit, kind.rawValue]
    }

    /// Shortest text that reads back as the same Double.
    package static func number(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "NaN" : x > 0 ? "inf" : "-inf" }
        // Whole numbers (counts) without Swift's ".0".
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    public static func csv(_ rows: [MetricRow]) -> String {
        ([columns] + rows.map(\.fields)).map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.
    package static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The same columns aligned, for a terminal.
    public static func table(_ rows: [MetricRow]) -> String {
        let cells = [columns] + rows.map(\.fields)
        let widths = columns.indices.map { i in cells.map { $0[i].count }.max() ?? 0 }
        return cells.map { row in
            row.enumerated().map { i, cell in
                // Numbers right-aligned, text left-aligned; the last column is not padded.
                i == 2 || i == 3 ? String(repeating: " ", count: widths[i] - cell.count) + cell
                    : i == columns.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
