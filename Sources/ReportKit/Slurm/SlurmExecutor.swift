import AtomicWrite
import Foundation

/// Hands a build's runs to Slurm: `sbatch` of the array, then of the assembly
/// job with `--dependency=afterok:<array>`; records what it submitted so that
/// `report status` can follow it from the shared reports folder and `squeue`.
public enum SlurmExecutor {
    /// What was submitted, saved as reports/slurm/submission.json.
    public struct Submission: Codable, Sendable {
        public var arrayJob: String?
        public var assembleJob: String
        public var tasks: [SlurmBatch.Task]
        public var directory: String
        /// The options the runs were keyed with, so that `report status`
        /// follows this submission whatever profile it is asked about.
        /// Absent in records written before it was kept.
        public var settings: Settings?
    }

    /// The options that decide a submitted run's cache key: the profile, the
    /// seed and the parts' choices (a data set, a ResNet width, …).
    public struct Settings: Codable, Sendable, Equatable {
        public var profile: Profile
        public var seed: UInt64
        public var choices: [String: String]

        public init(_ options: BuildOptions) {
            profile = options.profile
            seed = options.seed
            choices = options.choices
        }

        /// `options` with these settings in place of its own.
        public func applied(to options: BuildOptions) -> BuildOptions {
            var result = options
            result.profile = profile
            result.seed = seed
            // Wholesale: a choice the submission left out was at its default then.
            result.choices = choices
            return result
        }

        public var description: String {
            (["profile \(profile.rawValue)", "seed \(seed)"] + choices.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" })
                .joined(separator: ", ")
        }

        private enum CodingKeys: String, CodingKey { case profile, seed, choices, dataset, resnetWidth }

        /// Records written before the choices were kept whole named the data set
        /// and the ResNet width on their own; they read back as those choices.
        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            profile = try container.decode(Profile.self, forKey: .profile)
            seed = try container.decode(UInt64.self, forKey: .seed)
            if let choices = try container.decodeIfPresent([String: String].self, forKey: .choices) {
                self.choices = choices
                return
            }
            choices = [:]
            if let dataset = try container.decodeIfPresent(String.self, forKey: .dataset) { choices["dataset"] = dataset }
            if let width = try container.decodeIfPresent(Double.self, forKey: .resnetWidth) { choices["resnet-width"] = "\(width)" }
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(profile, forKey: .profile)
            try container.encode(seed, forKey: .seed)
            try container.encode(choices, forKey: .choices)
        }
    }

    public static func submissionPath(reportsDirectory: String) -> String { reportsDirectory + "/slurm/submission.json" }

    /// The last submission into a reports folder, if there is one and it can be read.
    public static func lastSubmission(reportsDirectory: String) -> Submission? {
        let path = submissionPath(reportsDirectory: reportsDirectory)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONCoding.decode(Submission.self, from: data, file: path)
    }

    /// `options` with the settings of the last submission into its reports
    /// folder, whose runs are keyed with them rather than with the defaults;
    /// with a note saying so when they differ.
    public static func optionsFollowingLastSubmission(_ options: BuildOptions) -> (BuildOptions, note: String?) {
        guard let settings = lastSubmission(reportsDirectory: options.reportsDirectory)?.settings,
              settings != Settings(options) else { return (options, nil) }
        return (settings.applied(to: options), "runs of the last Slurm submission (\(settings.description))")
    }

    /// The commands that submit `batch`, as a user would type them.
    public static func commands(_ batch: SlurmBatch, extraArguments: [String]) -> [String] {
        let extra = extraArguments.map(SlurmBatch.shellQuoted).joined(separator: " ")
        let array = "sbatch --parsable \(extra) \(batch.directory)/runs.sbatch".replacingOccurrences(of: "  ", with: " ")
        let dependency = batch.tasks.isEmpty ? "" : "--dependency=afterok:<array job> --kill-on-invalid-dep=yes "
        let assemble = "sbatch --parsable \(dependency)\(extra) \(batch.directory)/assemble.sbatch".replacingOccurrences(of: "  ", with: " ")
        return batch.tasks.isEmpty ? [assemble] : [array, assemble]
    }

    /// Writes the scripts and submits them; returns the submission (also saved for `report status`).
    public static func submit(_ batch: SlurmBatch, extraArguments: [String], options: BuildOptions) throws -> Submission {
        let reportsDirectory = options.reportsDirectory
        try Folder.create(batch.directory)
        try AtomicFile.write(batch.arrayScript, to: batch.directory + "/runs.sbatch")
        try AtomicFile.write(batch.assembleScript, to: batch.directory + "/assemble.sbatch")
        var arrayJob: String?
        if !batch.tasks.isEmpty {
            arrayJob = try sbatch(["--parsable"] + extraArguments + [batch.directory + "/runs.sbatch"])
        }
        let dependency = arrayJob.map { ["--dependency=afterok:\($0)", "--kill-on-invalid-dep=yes"] } ?? []
        let assembleJob = try sbatch(["--parsable"] + dependency + extraArguments + [batch.directory + "/assemble.sbatch"])
        let submission = Submission(
            arrayJob: arrayJob, assembleJob: assembleJob, tasks: batch.tasks, directory: batch.directory,
            settings: Settings(options))
        try AtomicFile.write(JSONCoding.encode(submission), to: submissionPath(reportsDirectory: reportsDirectory))
        return submission
    }

    /// Runs sbatch; returns the job id it printed (`--parsable`: "id" or "id;cluster").
    private static func sbatch(_ arguments: [String]) throws -> String {
        let result = try Subprocess.run("sbatch", arguments, notFound: "is Slurm installed on this machine (its client commands on PATH)?")
        guard result.status == 0, let id = result.output.split(separator: ";").first.map(String.init), !id.isEmpty else {
            throw ReportError("sbatch \(arguments.joined(separator: " ")) failed: \(result.errors.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return id.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
