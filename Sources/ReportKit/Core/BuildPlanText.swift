import Foundation

extension BuildPlan {
    /// The plan as a person reads it: one line per step, one per run that
    /// would train or be read back, and the total.
    public func describe() -> [String] {
        let width = max(steps.map(\.id.count).max() ?? 0, trainingRuns.map(\.run.id.count).max() ?? 0) + 2
        var lines: [String] = []
        for step in steps {
            let state = step.willRun ? "run " : "keep"
            let time = step.willRun && step.runs.isEmpty && step.estimatedSeconds > 0
                ? "  ≈ \(formatDuration(step.estimatedSeconds)) (its saved time)" : ""
            lines.append("\(state)  \(pad(step.id, width))  \(step.willRun ? step.reason : "up to date")\(time)")
            for run in step.runs {
                lines.append("        \(pad(run.id, width))  " + describe(run))
            }
        }
        let runs = trainingRuns
        let total = runs.isEmpty && totalSeconds == 0 ? "nothing to train"
            : "≈ \(formatDuration(totalSeconds)) in all, \(NumberFormat.counted(runs.count, "run")) to train"
        lines.append("total: \(total) (calibrated on this machine in \(formatDuration(calibrationSeconds)))")
        if anotherBuildRunning {
            lines.append("another build is running in this reports folder: a build started now waits for it, "
                         + "and the calibration shared the machine with it, so these times run long")
        }
        return lines
    }

    private func describe(_ run: Run) -> String {
        guard run.willTrain else { return "saved: read back" }
        let source = run.fromSavedTime ? "saved time scaled to this machine" : "calibration"
        return "\(run.state): \(NumberFormat.counted(run.remainingEpochs, "epoch")) of \(run.network)"
            + " ≈ \(formatDuration(run.estimatedSeconds)) (\(source))"
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
