import Foundation

/// Prints the report page to PDF with headless Chromium (`report build --pdf`).
///
/// The page's print style sheet does the layout: A4 pages, figures kept
/// with their captions, page numbers in the bottom margin (CSS `@page`
/// margin boxes, which Chromium draws since version 131). Chromium's own
/// header and footer (date, file URL) are turned off.
struct PDFPrinter {
    /// What distributions call the browser: Debian's package installs `chromium`.
    static let browserNames = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
    /// A stuck browser must not hold the build forever; a report prints in seconds.
    static let timeoutSeconds = 300.0

    var searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"

    /// The browser's path, or a one-line error saying how to install it.
    func browser() throws -> String {
        for directory in searchPath.split(separator: ":") {
            for name in Self.browserNames where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                return "\(directory)/\(name)"
            }
        }
        throw ReportError("--pdf needs Chromium, which is not installed: run `apt-get install chromium` (as root), then build again")
    }

    /// Prints the HTML file `page` (its figures beside it) to `pdf`, replacing it atomically.
    func print(page: String, to pdf: String) throws {
        let browser = try browser()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("report-pdf-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let printed = scratch + "/report.pdf"
        var arguments = [
            "--headless", "--disable-gpu", "--no-pdf-header-footer",
            // A profile of its own, so a browser the user has open is neither needed nor disturbed.
            "--user-data-dir=\(scratch)/profile",
            "--print-to-pdf=\(printed)", URL(fileURLWithPath: page).absoluteString,
        ]
        // Chromium refuses to start its sandbox as root (CI and containers run as root).
        if getuid() == 0 { arguments.insert("--no-sandbox", at: 0) }
        let log = try run(browser, arguments, log: scratch + "/chromium.log")

        guard let data = FileManager.default.contents(atPath: printed), data.starts(with: Array("%PDF-".utf8)) else {
            throw ReportError("\(browser) wrote no PDF for \(page): \(log.isEmpty ? "no message" : log)")
        }
        try AtomicFile.write(data, to: pdf)
    }

    /// Runs the browser to its end; returns the last line it printed that is
    /// about printing (its other chatter, D-Bus and GPU notices, is noise here).
    private func run(_ executable: String, _ arguments: [String], log path: String) throws -> String {
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
        if finished.wait(timeout: .now() + Self.timeoutSeconds) == .timedOut {
            process.terminate()
            throw ReportError("\(executable) did not finish printing the PDF in \(Int(Self.timeoutSeconds)) s")
        }
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n").filter { !$0.contains("dbus") && !$0.contains("DBus") }
        let message = lines.last.map(String.init) ?? ""
        guard process.terminationStatus == 0 else {
            throw ReportError("\(executable) failed (exit status \(process.terminationStatus)) printing the PDF: \(message)")
        }
        return message
    }
}
