import Foundation

/// Runs the steps whose results are missing or stale, in dependency order.
public final class ReportBuilder {
    public let options: BuildOptions
    public let store: ResultsStore
    public let progress: ProgressReporter
    /// The data the steps read, opened once for the build.
    public let dataSource: any DataSource
    /// The report this builder builds (tests give it steps of their own).
    public let definition: ReportDefinition
    public var steps: [RegisteredStep] { definition.steps }

    public init(options: BuildOptions, definition: ReportDefinition, progress: ProgressReporter? = nil) {
        self.options = options
        self.definition = definition
        self.store = ResultsStore(directory: options.resultsDirectory)
        self.progress = progress ?? .automatic(quiet: options.quiet)
        self.dataSource = definition.openData(options, self.progress)
    }

    /// What a build did with one step: ran it (and why) or reused its saved result.
    public struct Decision: Sendable, Equatable, Codable {
        public var step: String
        public var ran: Bool
        public var reason: String
        /// Time spent running the step in this build (0 when reused).
        public var seconds: Double

        public init(step: String, ran: Bool, reason: String, seconds: Double) {
            self.step = step
            self.ran = ran
            self.reason = reason
            self.seconds = seconds
        }
    }

    /// The state of a step's saved result against the current options, without running anything.
    public struct Status: Sendable, Equatable {
        public enum State: String, Sendable {
            case fresh, stale, missing
            /// Saved, but its inputs cannot be read to check it (e.g. the data is absent).
            case unknown
        }
        public var step: String
        public var state: State
        /// Why it is stale or missing ("up to date" when fresh).
        public var reason: String

        public init(step: String, state: State, reason: String) {
            self.step = step
            self.state = state
            self.reason = reason
        }
    }

    /// Builds `selection` (ids or prefixes, plus their dependencies; empty means all);
    /// `force` reruns those steps (not their dependencies) regardless of the cache.
    /// `whileLocked` runs after the steps, still holding the build lock (the
    /// assembler uses it so two builds never write the report at once).
    @discardableResult
    public func build(selection: [String] = [], force: [String] = [],
                      whileLocked: (([Decision]) throws -> Void)? = nil) throws -> [Decision] {
        let forced = try StepRegistry.matching(force, in: steps)
        let chosen = selection.isEmpty ? steps : try StepRegistry.resolve(selection + force, in: steps)
        let lock = try BuildLock(directory: options.reportsDirectory, progress: progress)
        defer { lock.release() }
        let provenance = ProvenanceProbe.current(libraries: definition.libraryVersions())
        var keys: [String: String] = [:]
        var decisions: [Decision] = []
        for step in chosen {
            let fingerprints: [String: String]
            do {
                fingerprints = try inputFingerprints(step, dependencyKeys: keys)
            } catch let missing as DataUnavailable {
                // Missing data skips the step rather than failing the build; the report says why.
                progress.log("skip  \(step.id): \(missing.message)")
                decisions.append(Decision(step: step.id, ran: false, reason: "skipped: \(missing.message)", seconds: 0))
                continue
            }
            let key = try step.cacheKey(options, fingerprints)
            keys[step.id] = key
            let reason = try staleness(step, key: key, forced: forced.contains(step.id))
            guard let reason else {
                progress.log("reuse \(step.id): saved result is up to date")
                decisions.append(Decision(step: step.id, ran: false, reason: "up to date", seconds: 0))
                continue
            }
            progress.log("run   \(step.id): \(reason)")
            if forced.contains(step.id) { try discardRuns(of: [step.id]) }
            let seconds = try run(step, key: key, fingerprints: fingerprints, provenance: provenance)
            progress.log(String(format: "done  %@ in %@", step.id, formatDuration(seconds)))
            decisions.append(Decision(step: step.id, ran: true, reason: reason, seconds: seconds))
        }
        try whileLocked?(decisions)
        return decisions
    }

    /// Executes one run of a step alone (or reads it back when its saved result
    /// is current) and saves its result under reports/runs/. Takes only that
    /// run's lock, so the runs of a build can execute in parallel processes.
    public func executeRun(step stepID: String, run runID: String) throws -> Double {
        guard let step = steps.first(where: { $0.id == stepID }) else {
            throw ReportError("unknown step '\(stepID)'; valid steps: \(steps.map(\.id).joined(separator: ", "))")
        }
        let started = Date()
        try step.executeRun(context(for: step), runID)
        return Date().timeIntervalSince(started)
    }

    /// Removes the saved runs and checkpoints of the steps `names` selects, so
    /// that forcing a step trains it again instead of reading its runs back.
    public func discardRuns(of names: [String]) throws {
        let runStore = RunStore(reportsDirectory: options.reportsDirectory)
        for step in steps where try StepRegistry.matching(names, in: steps).contains(step.id) {
            for spec in step.runs(options) {
                try? FileManager.default.removeItem(atPath: runStore.path(step: step.id, run: spec.id))
                try? FileManager.default.removeItem(
                    atPath: Checkpoints.path(reportsDirectory: options.reportsDirectory, step: step.id, run: spec.id))
            }
        }
    }

    package func context(for step: RegisteredStep) -> StepContext {
        StepContext(options: options, data: dataSource, store: store, progress: progress, stepID: step.id, definition: definition)
    }

    /// Fresh, stale or missing, for every step (in registry order); runs nothing and takes no lock.
    /// A step whose input data cannot be read is `unknown` (with the reason), not an error.
    public func status() -> [Status] {
        var keys: [String: String] = [:]
        var statuses: [Status] = []
        for step in steps {
            let key: String
            do {
                let fingerprints = try inputFingerprints(step, dependencyKeys: keys)
                key = try step.cacheKey(options, fingerprints)
            } catch {
                let saved = store.exists(step.id)
                statuses.append(Status(step: step.id, state: saved ? .unknown : .missing,
                                       reason: saved ? "cannot check: \(ReportError.describing(error))" : "no saved result"))
                continue
            }
            keys[step.id] = key
            let state: Status.State
            let reason: String
            if !store.exists(step.id) {
                (state, reason) = (.missing, "no saved result")
            } else if let why = try? staleness(step, key: key, forced: false, quiet: true) {
                (state, reason) = (why == "saved result is unreadable" ? .missing : .stale, why)
            } else {
                (state, reason) = (.fresh, "up to date")
            }
            statuses.append(Status(step: step.id, state: state, reason: reason))
        }
        return statuses
    }

    private func inputFingerprints(_ step: RegisteredStep, dependencyKeys: [String: String]) throws -> [String: String] {
        var fingerprints: [String: String] = [:]
        for input in step.inputs { fingerprints[input.rawValue] = try dataSource.fingerprint(of: input) }
        // A dependency's key stands for its output: when it reruns, so do its readers.
        for dependency in step.dependencies { fingerprints["step:" + dependency] = dependencyKeys[dependency] }
        return fingerprints
    }

    /// Why a step must run, or nil when its saved result can be reused.
    private func staleness(_ step: RegisteredStep, key: String, forced: Bool, quiet: Bool = false) throws -> String? {
        if forced { return "forced" }
        let header: StepHeader?
        do {
            header = try store.header(step.id)
        } catch {
            if !quiet { progress.log("warning: \(error); recomputing it") }
            return "saved result is unreadable"
        }
        guard let header else { return "no saved result" }
        if header.cacheKey == key {
            // The header says nothing of the output: one with a wrong type would be
            // reused as fresh and then fail every assembly that reads it.
            do { try step.decodeSaved(store) } catch { return "saved result does not decode: \(error)" }
            return nil
        }
        if header.codeVersion != step.codeVersion { return "step code changed" }
        if header.seed != options.seed { return "seed changed" }
        if header.profile != options.profile { return "profile changed (\(header.profile.rawValue) → \(options.profile.rawValue))" }
        return "configuration or input data changed"
    }

    private func run(_ step: RegisteredStep, key: String, fingerprints: [String: String], provenance: Provenance) throws -> Double {
        let context = context(for: step)
        let header = StepHeader(
            step: step.id, title: step.title, cacheKey: key, codeVersion: step.codeVersion,
            profile: options.profile, seed: options.seed, dataFingerprints: fingerprints,
            wallSeconds: 0, provenance: provenance)
        return try step.run(context, header)
    }
}
