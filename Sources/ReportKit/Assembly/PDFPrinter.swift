import AtomicWrite
import Foundation

/// Prints the report page to PDF with headless Chromium (`report build --pdf`).
///
/// The page's print style sheet does the layout: A4 pages, figures kept
/// with their captions, page numbers in the bottom margin (CSS `@page`
/// margin boxes, which Chromium draws since version 131). Chromium's own
/// header and footer (date, file URL) are turned off.
package struct PDFPrinter {
    /// What distributions call the browser: Debian's package installs `chromium`.
    package static let browserNames = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
    package var searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    /// A stuck browser must not hold the build forever; a report prints in seconds.
    package var timeoutSeconds = 180.0
    /// How long the browser may take to exit once the PDF is whole.
    package var exitGraceSeconds = 5.0

    /// The browser's path, or a one-line error saying how to install it.
    package func browser() throws -> String {
        for directory in searchPath.split(separator: ":") {
            for name in Self.browserNames where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                return "\(directory)/\(name)"
            }
        }
        throw ReportError("--pdf needs Chromium, which is not installed: run `apt-get install chromium` (as root), then build again")
    }

    /// Prints the HTML file `page` (its figures beside it) to `pdf`, replacing it atomically.
    package func print(page: String, to pdf: String) throws {
        let browser = try browser()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("report-pdf-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let printed = scratch + "/report.pdf"
        var arguments = [
            "--headless", "--disable-gpu", "--no-pdf-header-footer", "--no-first-run", "--disable-sync",
            "--disable-component-update", "--mute-audio",
            // A profile of its own, so a browser the user has open is neither needed nor disturbed.
            "--user-data-dir=\(scratch)/profile",
            "--print-to-pdf=\(printed)", URL(fileURLWithPath: page).absoluteString,
        ]
        // Chromium refuses to start its sandbox as root (CI and containers run as root).
        if getuid() == 0 { arguments.insert("--no-sandbox", at: 0) }
        try run(browser, arguments, printing: printed, log: scratch + "/chromium.log")
        guard let data = FileManager.default.contents(atPath: printed), Self.isComplete(data) else {
            throw ReportError("\(browser) wrote no PDF for \(page)\(Self.lastMessage(in: scratch + "/chromium.log"))")
        }
        try AtomicFile.write(data, to: pdf)
    }

    /// Runs the browser until it exits, or until the PDF is complete: a
    /// headless Chromium has been seen to write the file and then not exit,
    /// so a finished file ends the wait (the browser is then stopped).
    private func run(_ executable: String, _ arguments: [String], printing printed: String, log path: String) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do { try process.run() } catch { throw ReportError("\(executable): cannot start: \(error.localizedDescription)") }

        let deadline = Date().addingTimeInterval(timeoutSeconds)
        var printedAt: Date?
        while finished.wait(timeout: .now() + 0.25) == .timedOut {
            if printedAt == nil, FileManager.default.contents(atPath: printed).map(Self.isComplete) == true { printedAt = Date() }
            // Some seconds to exit on its own after writing the file, then it is stopped.
            if let printedAt, Date().timeIntervalSince(printedAt) > exitGraceSeconds {
                process.terminate()
                return
            }
            if Date() > deadline {
                process.terminate()
                throw ReportError("\(executable) did not print the PDF in \(Int(timeoutSeconds)) s\(Self.lastMessage(in: path))")
            }
        }
        guard process.terminationStatus == 0 else {
            throw ReportError("\(executable) failed (exit status \(process.terminationStatus)) printing the PDF\(Self.lastMessage(in: path))")
        }
    }

    /// A whole PDF: its header, and the end-of-file marker written last.
    package static func isComplete(_ data: Data) -> Bool {
        data.starts(with: Array("%PDF-".utf8)) && String(decoding: data.suffix(16), as: UTF8.self).contains("%%EOF")
    }

    /// ": " and the browser's last line, leaving out its D-Bus chatter (no session bus in a headless run).
    package static func lastMessage(in log: String) -> String {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n").filter { !$0.contains("dbus") && !$0.contains("DBus") }
        return lines.last.map { ": " + $0 } ?? ""
    }
}
