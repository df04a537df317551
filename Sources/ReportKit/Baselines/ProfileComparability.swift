import Foundation

/// Which metrics mean the same thing under a baseline's profile and under the
/// profile the current results were made with.
///
/// Profiles change how much each step runs. A step that the two profiles
/// configure alike (and whose inputs, the steps it reads, are alike too) gives
/// comparable numbers throughout. Otherwise only per-epoch points of runs whose
/// settings agree apart from their number of epochs are comparable: the learning
/// rate is constant, so the first n epochs of a longer run are a run of n epochs,
/// while a final value after 10 epochs says nothing about one after 35.
public struct ProfileComparability: Sendable {
    /// Step id → how much of it compares; steps not listed compare throughout.
    private var steps: [String: StepScope] = [:]
    /// What a person should know before reading the verdicts.
    public private(set) var notes: [String] = []

    package enum StepScope: Sendable {
        case nothing
        /// Per-epoch points of these runs only.
        case epochsOf(runs: Set<String>)
    }

    /// Everything compares (same profile, or a baseline that does not say its profile).
    public static let everything = ProfileComparability(baselineProfile: nil, current: [:], steps: [])

    public init(baselineProfile: String?, current: [String: Profile], steps: [RegisteredStep]) {
        guard let named = baselineProfile else {
            if !current.isEmpty { notes.append("the baseline does not say which profile made it; every shared metric is compared") }
            return
        }
        guard let theirs = Profile(savedName: named) else {
            notes.append("the baseline's profile '\(named)' is not one profile; every shared metric is compared")
            return
        }
        let differing = current.filter { $0.value != theirs }
        guard !differing.isEmpty else { return }
        let ours = Set(differing.values.map(\.rawValue)).sorted().joined(separator: ", ")
        notes.append("the baseline was made with profile \(theirs.rawValue), these results with \(ours): "
            + "only what both profiles run alike is compared (per-epoch points of runs that differ in their number of epochs only)")
        for step in steps {
            guard let profile = differing[step.id] else { continue }
            self.steps[step.id] = Self.scope(of: step, ours: profile, theirs: theirs, steps: steps)
        }
    }

    public func isComparable(_ metric: String) -> Bool {
        guard let (step, scope) = steps.first(where: { metric.hasPrefix($0.key + ".") }) else { return true }
        switch scope {
        case .nothing: return false
        case .epochsOf(let runs):
            return !MetricName.isSummary(metric) && runs.contains { metric.hasPrefix(step + "." + $0 + ".") }
        }
    }

    package static func scope(of step: RegisteredStep, ours: Profile, theirs: Profile, steps: [RegisteredStep]) -> StepScope? {
        let (a, b) = (options(ours), options(theirs))
        if configuredAlike(step, a, b, steps: steps) { return nil }
        let theirRuns = Dictionary(step.runs(b).map { ($0.id, withoutEpochs($0.keyMaterial)) }, uniquingKeysWith: { x, _ in x })
        let alike = step.runs(a).filter { theirRuns[$0.id] == withoutEpochs($0.keyMaterial) }.map(\.id)
        return alike.isEmpty ? .nothing : .epochsOf(runs: Set(alike))
    }

    /// The step and every step it reads are configured the same under both.
    package static func configuredAlike(_ step: RegisteredStep, _ a: BuildOptions, _ b: BuildOptions, steps: [RegisteredStep]) -> Bool {
        guard step.configurationJSON(a) == step.configurationJSON(b) else { return false }
        return step.dependencies.allSatisfy { id in
            steps.first { $0.id == id }.map { configuredAlike($0, a, b, steps: steps) } ?? true
        }
    }

    private static func options(_ profile: Profile) -> BuildOptions {
        var options = BuildOptions()
        options.profile = profile
        // Only the runs' settings matter here, not their cost, which may count
        // the files of a data folder: point it where there is none.
        options.dataDirectory = "/nonexistent-folder-for-comparison"
        return options
    }

    /// A run's settings as JSON with every "epochs" entry left out.
    package static func withoutEpochs(_ json: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)),
              let data = try? JSONSerialization.data(withJSONObject: stripEpochs(object), options: [.sortedKeys])
        else { return json }
        return String(decoding: data, as: UTF8.self)
    }

    private static func stripEpochs(_ value: Any) -> Any {
        if let object = value as? [String: Any] {
            return object.filter { $0.key != "epochs" }.mapValues(stripEpochs)
        }
        if let array = value as? [Any] { return array.map(stripEpochs) }
        return value
    }
}
