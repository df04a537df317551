import Foundation
import XCTest
@testable import ReportKit
@testable import Sections

/// `report build --pdf`: the page printed by headless Chromium.
final class PDFTests: XCTestCase {
    var directory: TemporaryDirectory!
    override func setUp() { directory = TemporaryDirectory("pdf") }
    override func tearDown() { directory.remove() }

    /// Prints the Problem 1 fixture report; skipped only where no Chromium can be found.
    func testBuildPrintsTheReportToAMultiPagePDF() throws {
        guard (try? PDFPrinter().browser()) != nil else {
            throw XCTSkip("Chromium is not installed, so no PDF can be printed here; `scripts/bootstrap.sh --test` (apt-get install chromium) installs it")
        }
        try P1Fixtures.writeAll(reports: directory.path)
        let output = try ReportAssembler(options: options(reports: directory.path), templatesDirectory: templatesDirectory,
                                         progress: CapturedLog().reporter)
            .assemble(pdf: true, formats: [.png])
        XCTAssertEqual(output.pdf, directory.file("report.pdf"))

        let pdf = try XCTUnwrap(FileManager.default.contents(atPath: directory.file("report.pdf")))
        let summary = try PDFSummary(pdf)
        XCTAssertGreaterThan(summary.pages, 1)
        if let pages = Self.pdfinfoPages(directory.file("report.pdf")) {
            XCTAssertEqual(pages, summary.pages, "poppler reads the same page count")
        }
    }

    func testMissingChromiumIsOneLineSayingHowToInstallIt() {
        XCTAssertThrowsError(try PDFPrinter(searchPath: directory.path).print(page: directory.file("index.html"), to: directory.file("report.pdf"))) {
            let message = "\($0)"
            XCTAssertTrue(message.contains("apt-get install chromium"), message)
            XCTAssertFalse(message.contains("\n"), message)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.file("report.pdf")))
    }

    /// A stand-in browser (a shell script named chromium) that runs `body`
    /// with the --print-to-pdf path in $out.
    func fakeBrowser(_ body: String) -> PDFPrinter {
        directory.write("""
            #!/bin/sh
            for a in "$@"; do case "$a" in --print-to-pdf=*) out="${a#--print-to-pdf=}" ;; esac; done
            \(body)
            """, to: "bin/chromium")
        chmod(directory.file("bin/chromium"), 0o755)
        return PDFPrinter(searchPath: directory.file("bin"), timeoutSeconds: 60, exitGraceSeconds: 0.2)
    }

    /// Headless Chromium has been seen to write the PDF and not exit: the
    /// finished file ends the wait, and the browser is stopped.
    func testABrowserThatDoesNotExitAfterPrintingIsStopped() throws {
        directory.write("<p>page</p>", to: "index.html")
        let printer = fakeBrowser(#"printf '%%PDF-1.4\n%%%%EOF\n' > "$out"; exec sleep 600"#)
        try printer.print(page: directory.file("index.html"), to: directory.file("report.pdf"))
        XCTAssertEqual(directory.read("report.pdf"), "%PDF-1.4\n%%EOF\n")
    }

    func testABrowserFailureIsOneLineWithItsMessage() {
        directory.write("<p>page</p>", to: "index.html")
        let printer = fakeBrowser("echo 'dbus noise'; echo 'cannot open display' >&2; echo 'dbus: more noise'; exit 3")
        XCTAssertThrowsError(try printer.print(page: directory.file("index.html"), to: directory.file("report.pdf"))) {
            XCTAssertEqual("\($0)", "\(directory.file("bin/chromium")) failed (exit status 3) printing the PDF: cannot open display")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.file("report.pdf")))
    }

    /// Pages according to poppler's pdfinfo, when it is installed (it parses the cross-reference table).
    static func pdfinfoPages(_ path: String) -> Int? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pdfinfo", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let line = text.split(separator: "\n").first { $0.hasPrefix("Pages:") }
        return line.flatMap { Int($0.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) }
    }
}

/// Enough of a PDF's structure to tell a whole file with N pages: the
/// header, the end-of-file marker, and one page object per page that the page
/// tree's /Count agrees with (Chromium writes these uncompressed).
struct PDFSummary {
    let pages: Int

    init(_ data: Data) throws {
        let text = String(decoding: data, as: UTF8.self)
        guard text.hasPrefix("%PDF-1.") else { throw ReportError("not a PDF: no %PDF- header") }
        guard text.suffix(32).contains("%%EOF") else { throw ReportError("truncated PDF: no %%EOF at the end") }
        let pageObjects = text.components(separatedBy: "/Type /Page").dropFirst().filter { !$0.hasPrefix("s") }.count
        // The page tree's nodes each count the pages below them; the root counts them all.
        let counts = text.components(separatedBy: "/Count ").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
        guard let count = counts.max() else { throw ReportError("PDF without a page tree (/Count)") }
        guard count == pageObjects else { throw ReportError("page tree says \(count) pages, \(pageObjects) page objects") }
        pages = count
    }
}
