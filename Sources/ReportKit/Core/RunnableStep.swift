import Checksums
import Foundation

/// A step whose training splits into independent runs: each run can execute
/// alone (`report run STEP RUN`, one Slurm array task), saves its own result
/// under reports/runs/, and is cached on its own key, so changing one run's
/// setting reruns that run only. The step's result is then combined from its
/// runs' results, which costs seconds.
public protocol RunnableStep: ReportStep {
    associatedtype RunOutput: Codable & Sendable

    /// The runs of `config`, in the order `combine` receives them.
    func runs(of config: Config, options: BuildOptions) -> [RunSpec]
    /// Trains one run (checkpointing as it goes, where it does).
    func execute(_ run: RunSpec, config: Config, context: StepContext) throws -> RunOutput
    /// The step's result from its runs' results, in `runs` order.
    func combine(_ outputs: [RunOutput], config: Config, context: StepContext) throws -> Output
}

/// One unit of work: its id within the step, what its result depends on, and what it costs.
public struct RunSpec: Sendable, Equatable {
    public var id: String
    /// Everything the run's result depends on besides the seed, the input data
    /// and the step's run version (typically the run's configuration as JSON).
    public var keyMaterial: String
    public var cost: RunCost
    /// What the run's checkpoints depend on: its key material without what a
    /// longer run may change (the epoch count), so that a longer run continues
    /// a shorter one's checkpoint. Nil for a run that keeps no checkpoints.
    public var resumeMaterial: String?

    public init<C: Encodable>(id: String, configuration: C, cost: RunCost) {
        self.id = id
        keyMaterial = Self.json(configuration)
        self.cost = cost
    }

    /// A run that checkpoints its epochs; `resumeConfiguration` is what a
    /// checkpoint it may continue must have been saved under.
    public init<C: Encodable, R: Encodable>(id: String, configuration: C, cost: RunCost, resumeConfiguration: R) {
        self.init(id: id, configuration: configuration, cost: cost)
        resumeMaterial = Self.json(resumeConfiguration)
    }

    private static func json<C: Encodable>(_ value: C) -> String {
        String(decoding: (try? JSONCoding.encode(value)) ?? Data(), as: UTF8.self)
    }
}

extension RunnableStep {
    public func run(_ config: Config, context: StepContext) throws -> Output {
        let outputs = try runs(of: config, options: context.options).map { spec in
            try context.runOutput(of: self, spec, config: config)
        }
        return try combine(outputs, config: config, context: context)
    }

    /// The run named `id` of the current configuration, or an error listing the valid names.
    package func spec(named id: String, config: Config, options: BuildOptions) throws -> RunSpec {
        let all = runs(of: config, options: options)
        guard let spec = all.first(where: { $0.id == id }) else {
            throw ReportError("step \(Self.id) has no run '\(id)'; its runs: \(all.map(\.id).joined(separator: ", "))")
        }
        return spec
    }
}

extension StepContext {
    /// A run's saved result when its key matches; otherwise trains it and saves the result.
    package func runOutput<S: RunnableStep>(of step: S, _ spec: RunSpec, config: S.Config) throws -> S.RunOutput {
        let store = RunStore(reportsDirectory: options.reportsDirectory)
        let key = try runKey(S.self, spec)
        // A Slurm task and a local build may reach the same run: one trains, the other then reads it back.
        let lock = try BuildLock(path: store.lockPath(step: S.id, run: spec.id),
                                 holder: "run \(S.id) \(spec.id) is running in another process", progress: progress)
        defer { lock.release() }
        if let saved = try? store.load(S.self, run: spec.id), saved.header.key == key {
            return saved.output
        }
        let resume = try resumeKey(S.self, spec)
        setResumeKey(resume, ofRun: spec.id)
        let resumedAfter = Checkpoints.epochsDone(reportsDirectory: options.reportsDirectory, step: S.id, run: spec.id, resumeKey: resume)
            .flatMap { $0 <= spec.cost.epochs ? $0 : nil } ?? 0
        let started = Date()
        let output = try step.execute(spec, config: config, context: self)
        let wallSeconds = Date().timeIntervalSince(started)
        let epochsTrained = spec.cost.epochs - resumedAfter
        // Measured now, on the machine and under the load the run had: the plan scales
        // this run's time by how fast the same batches run where it plans. A run read
        // back from its finished checkpoint trained nothing, so it has no time to scale.
        let calibration = epochsTrained > 0 && options.calibratesRuns
            ? definition.networks.measure(spec.cost.network, spec.cost.batchSize).trainSecondsPerSample : nil
        let header = RunHeader(
            step: S.id, run: spec.id, key: key, wallSeconds: wallSeconds, epochsTrained: epochsTrained, cost: spec.cost,
            calibration: calibration, provenance: ProvenanceProbe.current(libraries: definition.libraryVersions()))
        try store.save(RunRecord<S.RunOutput>(header: header, output: output))
        return output
    }

    /// Hash of the step, the run, the seed, the step's input data and the run's key material.
    package func runKey<S: RunnableStep>(_ step: S.Type, _ spec: RunSpec) throws -> String {
        let material = "\(S.id)|\(spec.id)|v\(S.codeVersion)|seed \(options.seed)|\(try inputFingerprints(S.self))|\(spec.keyMaterial)"
        return String(SHA256.hex(material).prefix(16))
    }

    /// The key a checkpoint of the run must carry to be continued: like the
    /// run key, without the step's code version (a change to the report's
    /// text does not make weights stale; numerics belong in the material) and
    /// with the resume material. Nil for a run that keeps no checkpoints.
    package func resumeKey<S: RunnableStep>(_ step: S.Type, _ spec: RunSpec) throws -> String? {
        guard let resumeMaterial = spec.resumeMaterial else { return nil }
        let material = "resume|\(S.id)|\(spec.id)|seed \(options.seed)|\(try inputFingerprints(S.self))|\(resumeMaterial)"
        return String(SHA256.hex(material).prefix(16))
    }

    private func inputFingerprints<S: RunnableStep>(_ step: S.Type) throws -> String {
        try S.inputs.map { "\($0.rawValue)=\(try dataSource.fingerprint(of: $0))" }.joined(separator: ";")
    }
}
