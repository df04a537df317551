import AtomicWrite
import Foundation

/// What one run costs: the network it trains (a calibration key), how many
/// epochs over how many samples, and how many samples it scores per epoch.
public struct RunCost: Codable, Sendable, Equatable {
    public var network: NetworkKey
    public var epochs: Int
    public var batchSize: Int
    /// Training samples per epoch.
    public var trainSamples: Int
    /// Samples scored (forward only) after every epoch.
    public var evaluatedSamples: Int
    /// Samples scored once after training (the submission's test photos).
    public var finalSamples: Int

    public init(network: NetworkKey, epochs: Int, batchSize: Int, trainSamples: Int, evaluatedSamples: Int, finalSamples: Int = 0) {
        self.network = network
        self.epochs = epochs
        self.batchSize = batchSize
        self.trainSamples = trainSamples
        self.evaluatedSamples = evaluatedSamples
        self.finalSamples = finalSamples
    }
}

/// The header of a run's saved result.
public struct RunHeader: Codable, Sendable, Equatable {
    public var step: String
    public var run: String
    public var key: String
    /// Wall time of the process that saved the run, for `epochsTrained` epochs
    /// (fewer than the run's when it resumed from a checkpoint).
    public var wallSeconds: Double
    public var epochsTrained: Int
    public var cost: RunCost
    /// Seconds per training sample of the run's network measured on the machine
    /// that ran it, when it was measured: scales `wallSeconds` to another machine.
    public var calibration: Double?
    /// Peak resident memory of the process that ran it, in bytes.
    public var peakResidentBytes: Int?
    /// The Slurm job that ran it ("array_task" for an array task), when one did.
    public var slurmJob: String?
    public var provenance: Provenance

    public init(step: String, run: String, key: String, wallSeconds: Double, epochsTrained: Int, cost: RunCost,
                calibration: Double? = nil, peakResidentBytes: Int? = ResourceUsage.peakResidentBytes(),
                provenance: Provenance) {
        self.step = step
        self.run = run
        self.key = key
        self.wallSeconds = wallSeconds
        self.epochsTrained = epochsTrained
        self.cost = cost
        self.calibration = calibration
        self.peakResidentBytes = peakResidentBytes
        slurmJob = Self.currentSlurmJob()
        self.provenance = provenance
    }
}

extension RunHeader {
    /// This process's Slurm job from the variables Slurm sets, nil outside Slurm.
    package static func currentSlurmJob(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let array = environment["SLURM_ARRAY_JOB_ID"], let task = environment["SLURM_ARRAY_TASK_ID"] { return "\(array)_\(task)" }
        return environment["SLURM_JOB_ID"]
    }
}

public struct RunRecord<Output: Codable & Sendable>: Codable, Sendable {
    public var header: RunHeader
    public var output: Output
}

/// Run results on disk: reports/runs/<step>/<run>.json, each written atomically,
/// so runs executed by different processes (Slurm array tasks) never clash.
public struct RunStore: Sendable {
    public let directory: String

    public init(reportsDirectory: String) { directory = reportsDirectory + "/runs" }

    public func path(step: String, run: String) -> String { "\(directory)/\(step)/\(run).json" }

    /// The lock a process holds while it trains the run (see `BuildLock`).
    package func lockPath(step: String, run: String) -> String { path(step: step, run: run) + ".lock" }

    package func load<S: RunnableStep>(_ step: S.Type, run: String) throws -> RunRecord<S.RunOutput> {
        let file = path(step: S.id, run: run)
        guard let data = FileManager.default.contents(atPath: file) else { throw ReportError("\(file): no saved run") }
        return try JSONCoding.decode(RunRecord<S.RunOutput>.self, from: data, file: file)
    }

    /// The header of a saved run, or nil when there is none or it cannot be read.
    public func header(step: String, run: String) -> RunHeader? {
        guard let data = FileManager.default.contents(atPath: path(step: step, run: run)) else { return nil }
        return try? JSONCoding.decode(RunHeaderOnly.self, from: data, file: path(step: step, run: run)).header
    }

    package func save<O>(_ record: RunRecord<O>) throws {
        try AtomicFile.write(JSONCoding.encode(record), to: path(step: record.header.step, run: record.header.run))
    }
}

private struct RunHeaderOnly: Decodable {
    package var header: RunHeader
}

/// The process's own resource use.
public enum ResourceUsage {
    /// Peak resident set size so far (Linux reports ru_maxrss in KiB).
    public static func peakResidentBytes() -> Int? {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return nil }
        return Int(usage.ru_maxrss) * 1024
    }
}
