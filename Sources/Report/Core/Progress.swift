import Foundation

/// The one place long loops report progress: a redrawn bar with rate and ETA
/// on a terminal, a plain line every few seconds otherwise, nothing when quiet.
public final class ProgressReporter: @unchecked Sendable {
    public enum Mode: Sendable { case terminal, lines, quiet }

    public let mode: Mode
    private var task = ""
    private var total = 0
    private var started = Date()
    private var lastPrinted = Date.distantPast
    private let lineInterval: TimeInterval

    public init(mode: Mode, lineInterval: TimeInterval = 10) {
        self.mode = mode
        self.lineInterval = lineInterval
    }

    public static func automatic(quiet: Bool) -> ProgressReporter {
        if quiet { return ProgressReporter(mode: .quiet) }
        return ProgressReporter(mode: isatty(STDERR_FILENO) != 0 ? .terminal : .lines)
    }

    /// A message that is always shown (unless quiet), on its own line.
    public func log(_ message: String) {
        guard mode != .quiet else { return }
        if mode == .terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    public func begin(_ task: String, total: Int) {
        self.task = task
        self.total = total
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
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line(done, detail: detail, bar: true)).utf8))
        case .lines:
            guard now.timeIntervalSince(lastPrinted) >= lineInterval || done == total else { return }
            lastPrinted = now
            FileHandle.standardError.write(Data((line(done, detail: detail, bar: false) + "\n").utf8))
        }
    }

    public func end() {
        if mode == .terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
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
        text += " \(done)/\(total) \(String(format: "%.1f/s", rate)) ETA \(formatDuration(eta))"
        return detail.isEmpty ? text : text + " " + detail
    }
}

func formatDuration(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    return s >= 3600 ? String(format: "%dh%02dm", s / 3600, s % 3600 / 60)
        : s >= 60 ? String(format: "%dm%02ds", s / 60, s % 60) : "\(s)s"
}
