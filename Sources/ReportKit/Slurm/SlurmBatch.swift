import Foundation

/// The stale runs of a build as one Slurm job array (one task per run), and a
/// job that depends on the array and assembles the report once every run is
/// saved. Both jobs call this program on the shared reports folder: a task is
/// `report run STEP RUN`, the assembly `report build` (which then finds every
/// run saved and only combines them).
public struct SlurmBatch: Sendable {
    public struct Task: Codable, Sendable, Equatable {
        public var step: String
        public var run: String
    }

    public var tasks: [Task]
    /// The folder holding the scripts, the submission record and the jobs' logs.
    public var directory: String
    public var arrayScript: String
    public var assembleScript: String

    /// Per-task resources: the largest need of any run, with a margin.
    public var cpusPerTask: Int
    public var memoryMegabytes: Int
    public var timeLimitMinutes: Int

    /// `report` with the options every job repeats (profile, seed, folders), as absolute paths.
    public struct Invocation: Sendable {
        public var executable: String
        public var options: [String]
        public var workingDirectory: String
        /// The steps `report build` assembles (empty: all), as the user selected them.
        public var buildArguments: [String]

        public init(executable: String, options: [String], workingDirectory: String, buildArguments: [String]) {
            self.executable = executable
            self.options = options
            self.workingDirectory = workingDirectory
            self.buildArguments = buildArguments
        }
    }

    /// Lays out the batch for `plan`'s runs to train, sized from their estimates.
    public init(plan: BuildPlan, invocation: Invocation, directory: String, cpusPerTask: Int = 2) {
        let runs = plan.trainingRuns
        tasks = runs.map { Task(step: $0.step, run: $0.run.id) }
        self.directory = directory
        self.cpusPerTask = cpusPerTask
        let longest = runs.map(\.run.estimatedSeconds).max() ?? 0
        // Estimates are made on the submitting machine: half as much again, and ten minutes for loading the data.
        timeLimitMinutes = Int((longest * 1.5 / 60).rounded(.up)) + 10
        let peak = runs.map { $0.run.peakResidentBytes ?? $0.run.estimatedPeakBytes }.max() ?? (1 << 30)
        memoryMegabytes = Int((Double(peak) * 1.25 / 1_048_576).rounded(.up))
        arrayScript = Self.arrayScript(tasks: tasks, invocation: invocation, directory: directory, cpus: cpusPerTask,
                                       memory: memoryMegabytes, minutes: timeLimitMinutes)
        let oneShot = plan.steps.filter { $0.willRun && $0.runs.isEmpty }.map(\.estimatedSeconds).reduce(0, +)
        assembleScript = Self.assembleScript(invocation: invocation, directory: directory, cpus: cpusPerTask,
                                             minutes: Int((oneShot * 1.5 / 60).rounded(.up)) + 30)
    }

    package static func arrayScript(tasks: [Task], invocation: Invocation, directory: String, cpus: Int, memory: Int, minutes: Int) -> String {
        let list = tasks.map { "    \(shellQuoted("\($0.step) \($0.run)"))" }.joined(separator: "\n")
        return """
            #!/bin/bash
            #SBATCH --job-name=a1report-runs
            #SBATCH --array=0-\(max(tasks.count - 1, 0))
            #SBATCH --cpus-per-task=\(cpus)
            #SBATCH --mem=\(memory)M
            #SBATCH --time=\(slurmTime(minutes))
            #SBATCH --output=\(directory)/run-%A_%a.log
            # One training run per array task, written into the shared reports folder.
            set -euo pipefail
            # The thread count is part of what makes a run reproducible: the cores Slurm gave us.
            export A1REPORT_THREADS="${SLURM_CPUS_PER_TASK:-\(cpus)}"
            tasks=(
            \(list)
            )
            read -r step run <<< "${tasks[$SLURM_ARRAY_TASK_ID]}"
            cd \(shellQuoted(invocation.workingDirectory))
            exec \(command(invocation, ["run"] + invocation.options) + " \"$step\" \"$run\"")

            """
    }

    package static func assembleScript(invocation: Invocation, directory: String, cpus: Int, minutes: Int) -> String {
        """
        #!/bin/bash
        #SBATCH --job-name=a1report-assemble
        #SBATCH --cpus-per-task=\(cpus)
        #SBATCH --mem=4000M
        #SBATCH --time=\(slurmTime(minutes))
        #SBATCH --output=\(directory)/assemble-%j.log
        # After every run: combines the saved runs, runs the steps that are one piece of work, writes the report.
        set -euo pipefail
        export A1REPORT_THREADS="${SLURM_CPUS_PER_TASK:-\(cpus)}"
        cd \(shellQuoted(invocation.workingDirectory))
        exec \(command(invocation, ["build"] + invocation.options + invocation.buildArguments))

        """
    }

    private static func command(_ invocation: Invocation, _ arguments: [String]) -> String {
        ([invocation.executable] + arguments).map(shellQuoted).joined(separator: " ")
    }

    package static func slurmTime(_ minutes: Int) -> String {
        String(format: "%d:%02d:00", minutes / 60, minutes % 60)
    }

    /// Single-quoted for bash unless it is plainly safe.
    package static func shellQuoted(_ text: String) -> String {
        let safe = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_./=:,+@%"))
        if !text.isEmpty && text.unicodeScalars.allSatisfy({ safe.contains($0) }) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
