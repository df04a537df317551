import Checksums
import Foundation

/// A step with its types erased, so steps of different kinds sit in one list.
public struct RegisteredStep: Sendable {
    public let id: String
    public let title: String
    public let dependencies: [String]
    package let inputs: [DataInput]
    package let cacheKey: @Sendable (BuildOptions, [String: String]) throws -> String
    public let codeVersion: Int
    /// Runs the step, stamps the header with its wall time, saves the record; returns the seconds.
    package let run: @Sendable (StepContext, StepHeader) throws -> Double
    /// The step's flat metrics read from its saved result, when the step is `MetricReporting`.
    package let metrics: (@Sendable (ResultsStore) throws -> MetricMap)?
    /// The runs the step's current configuration splits into (none for a step that is one piece of work).
    package let runs: @Sendable (BuildOptions) -> [RunSpec]
    /// Each run's cache key, for the status of its saved result.
    package let runKeys: @Sendable (StepContext) throws -> [String: String]
    /// Each checkpointing run's resume key, to tell whether its checkpoint can be continued.
    package let resumeKeys: @Sendable (StepContext) throws -> [String: String]
    /// Executes one run (or reads it back when its saved result is current) and saves it.
    package let executeRun: @Sendable (StepContext, String) throws -> Void
    /// Decodes the saved result into the step's own types, throwing what does not fit.
    package let decodeSaved: @Sendable (ResultsStore) throws -> Void
    /// The step's configuration under `options`, as sorted JSON (to tell whether two profiles run it alike).
    package let configurationJSON: @Sendable (BuildOptions) -> String

    public init<S: ReportStep>(_ step: S.Type) {
        id = S.id
        title = S.title
        dependencies = S.dependencies
        inputs = S.inputs
        codeVersion = S.codeVersion
        cacheKey = { options, fingerprints in
            try CacheKey.make(step: S.self, config: S().config(for: options), seed: options.seed, fingerprints: fingerprints)
        }
        run = { context, header in
            let started = Date()
            let config = S().config(for: context.options)
            let output = try S().run(config, context: context)
            var stamped = header
            stamped.wallSeconds = Date().timeIntervalSince(started)
            try context.store.save(StepRecord(header: stamped, config: config, output: output))
            return stamped.wallSeconds
        }
        decodeSaved = { store in _ = try store.load(S.self) }
        configurationJSON = { options in String(decoding: (try? JSONCoding.encode(S().config(for: options))) ?? Data(), as: UTF8.self) }
        if let reporting = S.self as? any MetricReporting.Type {
            metrics = { store in try reporting.savedMetrics(in: store) }
        } else {
            metrics = nil
        }
        if let runnable = S.self as? any RunnableStep.Type {
            (runs, runKeys, resumeKeys, executeRun) = Self.runEntryPoints(runnable)
        } else {
            runs = { _ in [] }
            runKeys = { _ in [:] }
            resumeKeys = { _ in [:] }
            executeRun = { _, run in throw ReportError("step \(S.id) is one piece of work; run it with `report build --steps \(S.id)`") }
        }
    }

    private static func runEntryPoints<S: RunnableStep>(_ step: S.Type) -> (
        @Sendable (BuildOptions) -> [RunSpec], @Sendable (StepContext) throws -> [String: String],
        @Sendable (StepContext) throws -> [String: String], @Sendable (StepContext, String) throws -> Void
    ) {
        let runs: @Sendable (BuildOptions) -> [RunSpec] = { options in S().runs(of: S().config(for: options), options: options) }
        /// Run id → the key `key` gives each run of the current configuration (runs it gives none are left out).
        func keyed(_ key: @escaping @Sendable (StepContext, RunSpec) throws -> String?) -> @Sendable (StepContext) throws -> [String: String] {
            { context in
                var keys: [String: String] = [:]
                for spec in runs(context.options) { keys[spec.id] = try key(context, spec) }
                return keys
            }
        }
        let keys = keyed { context, spec in try context.runKey(S.self, spec) }
        let resumeKeys = keyed { context, spec in try context.resumeKey(S.self, spec) }
        let execute: @Sendable (StepContext, String) throws -> Void = { context, id in
            let config = S().config(for: context.options)
            _ = try context.runOutput(of: S(), try S().spec(named: id, config: config, options: context.options), config: config)
        }
        return (runs, keys, resumeKeys, execute)
    }
}

/// Every step of the report, in the order they appear in it.
public enum StepRegistry {
    /// Expands a user's selection: exact ids or prefixes ("p1" selects p1.*),
    /// plus everything they depend on, in registry (dependency) order.
    public static func resolve(_ selection: [String], in steps: [RegisteredStep]) throws -> [RegisteredStep] {
        if selection.isEmpty { return steps }
        var wanted = Set<String>()
        for id in try matching(selection, in: steps) { addWithDependencies(id, in: steps, to: &wanted) }
        return steps.filter { wanted.contains($0.id) }
    }

    /// A list of steps as the command line gives it: values separated by commas,
    /// by spaces (several values after one option) or both, so that `--steps` and
    /// `--force` read "p1.init,p2" and "p1.init p2" alike.
    public static func parseList(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The ids that `names` (exact ids or prefixes) name, without their dependencies.
    public static func matching(_ names: [String], in steps: [RegisteredStep]) throws -> Set<String> {
        var ids = Set<String>()
        for name in names {
            let matches = steps.filter { $0.id == name || $0.id.hasPrefix(name + ".") }
            guard !matches.isEmpty else {
                throw ReportError("unknown step '\(name)'; valid steps: \(steps.map(\.id).joined(separator: ", ")) (or a prefix such as p1)")
            }
            matches.forEach { ids.insert($0.id) }
        }
        return ids
    }

    private static func addWithDependencies(_ id: String, in steps: [RegisteredStep], to set: inout Set<String>) {
        guard set.insert(id).inserted, let step = steps.first(where: { $0.id == id }) else { return }
        step.dependencies.forEach { addWithDependencies($0, in: steps, to: &set) }
    }
}

package enum CacheKey {
    /// Hash of everything that determines a step's output.
    package static func make<S: ReportStep>(step: S.Type, config: S.Config, seed: UInt64, fingerprints: [String: String]) throws -> String {
        let configJSON = String(decoding: try JSONCoding.encode(config), as: UTF8.self)
        let data = fingerprints.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
        let material = "\(S.id)|v\(S.codeVersion)|seed \(seed)|\(data)|\(configJSON)"
        return String(SHA256.hex(material).prefix(16))
    }
}
