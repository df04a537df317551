import Foundation

/// Runs the steps whose results are missing or stale, in dependency order.
public final class ReportBuilder {
    public let options: BuildOptions
    public let store: ResultsStore
    public let progress: ProgressReporter
    public let data: DataCatalog

    public init(options: BuildOptions, progress: ProgressReporter? = nil) {
        self.options = options
        self.store = ResultsStore(directory: options.resultsDirectory)
        self.progress = progress ?? .automatic(quiet: options.quiet)
        self.data = DataCatalog(options: options)
    }

    public struct Decision: Sendable, Equatable {
        public var step: String
        public var ran: Bool
        public var reason: String
        public var seconds: Double
    }

    /// Builds `selection` (ids or prefixes; empty means all); `force` reruns those steps regardless of the cache.
    @discardableResult
    public func build(selection: [String] = [], force: [String] = []) throws -> [Decision] {
        let steps = try StepRegistry.resolve(selection + force)
        let forced = Set(try StepRegistry.resolve(force).map(\.id)).intersection(force.isEmpty ? [] : Set(steps.map(\.id)))
        let lock = try BuildLock(directory: options.reportsDirectory, progress: progress)
        defer { lock.release() }
        let provenance = ProvenanceProbe.current()
        var keys: [String: String] = [:]
        var decisions: [Decision] = []
        for step in steps {
            let fingerprints = try inputFingerprints(step, dependencyKeys: keys)
            let key = try step.cacheKey(options, fingerprints)
            keys[step.id] = key
            let reason = try staleness(step, key: key, forced: forced.contains(step.id))
            guard let reason else {
                progress.log("reuse \(step.id): saved result is up to date")
                decisions.append(Decision(step: step.id, ran: false, reason: "up to date", seconds: 0))
                continue
            }
            progress.log("run   \(step.id): \(reason)")
            let seconds = try run(step, key: key, fingerprints: fingerprints, provenance: provenance)
            progress.log(String(format: "done  %@ in %@", step.id, formatDuration(seconds)))
            decisions.append(Decision(step: step.id, ran: true, reason: reason, seconds: seconds))
        }
        return decisions
    }

    private func inputFingerprints(_ step: RegisteredStep, dependencyKeys: [String: String]) throws -> [String: String] {
        var fingerprints: [String: String] = [:]
        for input in step.inputs { fingerprints[input.rawValue] = try data.fingerprint(of: input) }
        // A dependency's key stands for its output: when it reruns, so do its readers.
        for dependency in step.dependencies { fingerprints["step:" + dependency] = dependencyKeys[dependency] }
        return fingerprints
    }

    /// Why a step must run, or nil when its saved result can be reused.
    private func staleness(_ step: RegisteredStep, key: String, forced: Bool) throws -> String? {
        if forced { return "forced" }
        let header: StepHeader?
        do {
            header = try store.header(step.id)
        } catch {
            progress.log("warning: \(error); recomputing it")
            return "saved result is unreadable"
        }
        guard let header else { return "no saved result" }
        if header.cacheKey == key { return nil }
        if header.codeVersion != step.codeVersion { return "step code changed" }
        if header.seed != options.seed { return "seed changed" }
        if header.profile != options.profile { return "profile changed (\(header.profile.rawValue) → \(options.profile.rawValue))" }
        return "configuration or input data changed"
    }

    private func run(_ step: RegisteredStep, key: String, fingerprints: [String: String], provenance: Provenance) throws -> Double {
        let context = StepContext(options: options, data: data, store: store, progress: progress, stepID: step.id)
        let header = StepHeader(
            step: step.id, title: step.title, cacheKey: key, codeVersion: step.codeVersion,
            profile: options.profile, seed: options.seed, dataFingerprints: fingerprints,
            wallSeconds: 0, provenance: provenance)
        return try step.run(context, header)
    }
}
