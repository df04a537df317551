import Foundation

/// The one place long loops report progress: a redrawn bar with rate and ETA
/// on a terminal, a plain line every few seconds otherwise, nothing when quiet.
public final class ProgressReporter: @unchecked Sendable {
    public enum Mode: Sendable { case terminal, lines, quiet }

    public let mode: Mode
    private var task = ""
    private var total = 0
    private var unit = "batch"
    private var started = Date()
    private var lastPrinted = Date.distantPast
    private let lineInterval: TimeInterval
    private let write: @Sendable (String) -> Void

    /// `write` receives everything shown (standard error by default; tests capture it).
    public init(mode: Mode, lineInterval: TimeInterval = 10,
                write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.mode = mode
        self.lineInterval = lineInterval
        self.write = write
    }

    public static func automatic(quiet: Bool) -> ProgressReporter {
        if quiet { return ProgressReporter(mode: .quiet) }
        return ProgressReporter(mode: isatty(STDERR_FILENO) != 0 ? .terminal : .lines)
    }

    /// A message that is always shown (unless quiet), on its own line.
    public func log(_ message: String) {
        guard mode != .quiet else { return }
        if mode == .terminal { write("\r\u{1B}[K") }
        write(message + "\n")
    }

    /// Starts counting `total` units (batches unless told otherwise) of `task`.
    public func begin(_ task: String, total: Int, unit: String = "batch") {
        self.task = task
        self.total = total
        self.unit = unit
        started = Date()
        lastPrinted = .distantPast
    }

    /// `done` units of `total`; `detail` is shown after the counts (e.g. the last loss).
    public func update(_ done: Int, detail: String = "") {
        let now = Date()
        switch mode {
        case .quiet:
            return
        case .terminal:
            guard now.timeIntervalSince(lastPrinted) > 0.1 || done == total else { return }
            lastPrinted = now
            write("\r\u{1B}[K" + line(done, detail: detail, bar: true))
        case .lines:
            guard now.timeIntervalSince(lastPrinted) >= lineInterval || done == total else { return }
            lastPrinted = now
            write(line(done, detail: detail, bar: false) + "\n")
        }
    }

    /// The runs a build expects to train, with their estimated seconds (from its plan),
    /// so that each epoch can say when the whole build should end.
    public var expectedRuns: [(step: String, run: String, seconds: Double)] = []
    private var runsStarted: Set<String> = []

    /// "run ETA …, build ETA …" after `epoch` of `epochs` of a run, from the
    /// run's mean epoch time so far and the plan's estimates of the runs not yet started.
    public func etaNote(step: String, run: String, epoch: Int, of epochs: Int, meanEpochSeconds: Double) -> String {
        runsStarted.insert(step + "/" + run)
        let runLeft = Double(epochs - epoch) * meanEpochSeconds
        var note = "run ETA \(formatDuration(runLeft))"
        if !expectedRuns.isEmpty {
            let later = expectedRuns.filter { !runsStarted.contains($0.step + "/" + $0.run) }.map(\.seconds).reduce(0, +)
            note += ", build ETA \(formatDuration(runLeft + later))"
        }
        return note
    }

    public func end() {
        if mode == .terminal { write("\r\u{1B}[K") }
    }

    private func line(_ done: Int, detail: String, bar: Bool) -> String {
        let elapsed = Date().timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        var text = task
        if bar {
            let width = 24
            let filled = Int(fraction * Double(width))
            text += " [" + String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled) + "]"
        }
        text += " \(unit) \(done)/\(total), \(String(format: "%.1f", rate))/s, ETA \(formatDuration(eta))"
        return detail.isEmpty ? text : text + " " + detail
    }
}

package func formatDuration(_ seconds: Double) -> String {
    guard seconds.isFinite, abs(seconds) < 3e13 else { return "?" }
    let s = Int(seconds.rounded())
    return s >= 3600 ? String(format: "%dh%02dm", s / 3600, s % 3600 / 60)
        : s >= 60 ? String(format: "%dm%02ds", s / 60, s % 60) : "\(s)s"
}
