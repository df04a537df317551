import Foundation

/// A step with its types erased, so steps of different kinds sit in one list.
public struct RegisteredStep: Sendable {
    public let id: String
    public let title: String
    public let dependencies: [String]
    let inputs: [DataInput]
    let cacheKey: @Sendable (BuildOptions, [String: String]) throws -> String
    public let codeVersion: Int
    /// Runs the step, stamps the header with its wall time, saves the record; returns the seconds.
    let run: @Sendable (StepContext, StepHeader) throws -> Double

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
    }
}

/// Every step of the report, in the order they appear in it.
public enum StepRegistry {
    public static let all: [RegisteredStep] = [
        RegisteredStep(P1ModelStep.self),
        RegisteredStep(P1InitStep.self),
        RegisteredStep(P1HyperparameterStep.self),
        RegisteredStep(P1GradientCheckStep.self),
    ]

    public static func step(_ id: String) -> RegisteredStep? { all.first { $0.id == id } }

    /// Expands a user's selection: exact ids or prefixes ("p1" selects p1.*),
    /// plus everything they depend on, in registry (dependency) order.
    public static func resolve(_ selection: [String]) throws -> [RegisteredStep] {
        if selection.isEmpty { return all }
        var wanted = Set<String>()
        for name in selection {
            let matches = all.filter { $0.id == name || $0.id.hasPrefix(name + ".") }
            guard !matches.isEmpty else {
                throw ReportError("unknown step '\(name)'; valid steps: \(all.map(\.id).joined(separator: ", ")) (or a prefix such as p1)")
            }
            matches.forEach { addWithDependencies($0.id, to: &wanted) }
        }
        return all.filter { wanted.contains($0.id) }
    }

    private static func addWithDependencies(_ id: String, to set: inout Set<String>) {
        guard set.insert(id).inserted, let step = step(id) else { return }
        step.dependencies.forEach { addWithDependencies($0, to: &set) }
    }
}

enum CacheKey {
    /// Hash of everything that determines a step's output.
    static func make<S: ReportStep>(step: S.Type, config: S.Config, seed: UInt64, fingerprints: [String: String]) throws -> String {
        let configJSON = String(decoding: try JSONCoding.encode(config), as: UTF8.self)
        let data = fingerprints.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
        let material = "\(S.id)|v\(S.codeVersion)|seed \(seed)|\(data)|\(configJSON)"
        return String(SHA256Text.hex(material).prefix(16))
    }
}
