import Foundation

/// One saved result as the read commands (`report results`, `report metrics`)
/// show it: its header and its metrics, or the one line saying why the file
/// cannot be read. A damaged file is reported on its own and the rest still shown.
public struct SavedResult: Sendable {
    public var step: String
    public var title: String
    public var header: StepHeader?
    public var metrics: MetricMap
    public var problem: String?
}

public enum SavedResults {
    /// The saved results of `steps` (all registered steps when nil: ids or
    /// prefixes such as "p1"), in the report's order; steps without a file are left out.
    public static func read(store: ResultsStore, selecting names: [String] = [],
                            steps: [RegisteredStep]) throws -> [SavedResult] {
        let wanted = names.isEmpty ? Set(steps.map(\.id)) : try StepRegistry.matching(names, in: steps)
        return steps.filter { wanted.contains($0.id) && store.exists($0.id) }.map { step in
            var result = SavedResult(step: step.id, title: step.title, header: nil, metrics: [:], problem: nil)
            do {
                result.header = try store.header(step.id)
                result.metrics = try step.metrics?(store) ?? [:]
            } catch {
                result.problem = ReportError.describing(error)
            }
            return result
        }
    }

    /// Each result's heading and metrics as text; per-epoch points only when `epochs` is set.
    public static func text(_ results: [SavedResult], epochs: Bool) -> [String] {
        var lines: [String] = []
        for result in results where result.problem == nil {
            var heading = "\(result.step)  \(result.title)"
            if let header = result.header {
                heading += "  (profile \(header.profile.rawValue), seed \(header.seed), "
                    + "\(NumberFormat.seconds(header.wallSeconds)), commit \(header.provenance.gitCommit.prefix(10)))"
            }
            lines.append(heading)
            let names = result.metrics.keys.filter { epochs || MetricName.isSummary($0) }.sorted(by: MetricDiff.metricOrder)
            let shortNames = names.map { String($0.dropFirst(result.step.count + 1)) }
            let width = shortNames.map(\.count).max() ?? 0
            for (name, short) in zip(names, shortNames) {
                let metric = result.metrics[name]!
                lines.append("  " + short.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + display(metric))
            }
            if result.metrics.isEmpty {
                lines.append("  (no metrics: its figures and tables are its result; `report results \(result.step) --json` shows it)")
            } else if names.isEmpty {
                lines.append("  (per-epoch points only; --epochs shows them)")
            }
        }
        return lines
    }

    /// A value with its unit, as a person reads it.
    package static func display(_ metric: Metric) -> String {
        let x = metric.value
        guard x.isFinite else { return x.isNaN ? "NaN" : x > 0 ? "inf" : "-inf" }
        switch metric.kind {
        case .accuracyPercent: return NumberFormat.decimal(x, digits: 3) + " %"
        case .loss: return NumberFormat.decimal(x, digits: 4)
        case .count: return NumberFormat.count(x)
        case .seconds: return NumberFormat.decimal(x, digits: 2) + " s"
        case .gradientError: return String(format: "%.3e", x)
        }
    }

    /// The raw saved records keyed by step id, for `report results --json`.
    /// Encoded tensors and images (long strings) are left out unless `tensors`:
    /// they are most of the bytes (a megabyte for p3.visualize) and no use in a terminal or a script that wants numbers.
    public static func records(store: ResultsStore, selecting names: [String] = [], tensors: Bool,
                               steps: [RegisteredStep]) throws -> (records: [String: Any], problems: [String]) {
        let wanted = names.isEmpty ? Set(steps.map(\.id)) : try StepRegistry.matching(names, in: steps)
        var records: [String: Any] = [:], problems: [String] = []
        for step in steps where wanted.contains(step.id) && store.exists(step.id) {
            let file = store.path(for: step.id)
            guard let data = FileManager.default.contents(atPath: file) else {
                problems.append("\(file): cannot be read")
                continue
            }
            guard let object = try? JSONSerialization.jsonObject(with: data) else {
                problems.append("\(file): not valid JSON (\(JSONCoding.syntaxProblem(data)))")
                continue
            }
            // Valid JSON is not yet a result: its header must read as one.
            do { _ = try store.header(step.id) } catch {
                problems.append(ReportError.describing(error))
                continue
            }
            records[step.id] = tensors ? object : leavingOutBulk(object)
        }
        return (records, problems)
    }

    /// Strings and number arrays longer than this are bulk data, not values to read.
    package static let bulkLimit = 256

    package static func leavingOutBulk(_ value: Any) -> Any {
        switch value {
        case let text as String where text.count > bulkLimit:
            return "(left out: \(text.count) characters of encoded data; --tensors keeps them)"
        case let array as [Any] where array.count > bulkLimit && array.allSatisfy({ $0 is NSNumber }):
            return "(left out: \(array.count) numbers; --tensors keeps them)"
        case let array as [Any]:
            return array.map(leavingOutBulk)
        case let object as [String: Any]:
            return object.mapValues(leavingOutBulk)
        default:
            return value
        }
    }
}
