import Foundation
import XCTest
@testable import ReportKit
@testable import Sections

/// A figure is shown at one scale, 1.25 CSS pixels per point (so a 10 pt label
/// has one size in every figure), and no figure is wider than the column that
/// shows it: the page's on screen, the A4 page's in print. A wider one was
/// shrunk by the browser, its text with it.
final class FigureWidthTests: XCTestCase {
    var directory: TemporaryDirectory!
    override func setUp() { directory = TemporaryDirectory("figure-width") }
    override func tearDown() { directory.remove() }

    func testEveryFigureFitsTheColumnOnScreenAndInPrint() throws {
        try P1Fixtures.writeAll(reports: directory.path)
        try ResultsStore(directory: directory.file("results")).save(P1Fixtures.cnn())
        try P3Fixtures.writeAll(reports: directory.path)
        let output = try ReportAssembler(options: options(reports: directory.path), templatesDirectory: templatesDirectory,
                                         progress: CapturedLog().reporter).assemble(formats: [.png])
        let css = try ReportCSS(String(contentsOfFile: templatesDirectory + "/report.css", encoding: .utf8))
        let widths = Self.figureWidths(in: output.html)
        XCTAssertEqual(widths.count, FigureRegistry.all.count, "every figure is on the page, with a width")
        for (source, width) in widths {
            XCTAssertLessThanOrEqual(Double(width), css.screenColumn, "\(source) on screen")
            XCTAssertLessThanOrEqual(Double(width) * css.printZoom, css.printColumn, "\(source) in print")
        }
    }

    /// The `width` of each figure's <img>, by its source.
    static func figureWidths(in html: String) -> [(String, Int)] {
        let pattern = try! NSRegularExpression(pattern: #"<figure[^>]*>\s*<a [^>]*><img src="([^"]+)"[^>]* width="(\d+)""#)
        let range = NSRange(html.startIndex..., in: html)
        return pattern.matches(in: html, range: range).map { match in
            (String(html[Range(match.range(at: 1), in: html)!]), Int(html[Range(match.range(at: 2), in: html)!])!)
        }
    }
}

/// The few numbers of report.css that decide how wide the column is, in CSS pixels.
struct ReportCSS {
    /// The content width of `main` on a wide screen.
    let screenColumn: Double
    /// A4's width less the @page side margins.
    let printColumn: Double
    /// The zoom the print style gives figures (1 when none).
    let printZoom: Double

    init(_ css: String) throws {
        func number(_ pattern: String, in text: String) throws -> Double {
            let regex = try NSRegularExpression(pattern: pattern)
            guard let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
                  let value = Double(text[Range(match.range(at: 1), in: text)!]) else {
                throw XCTSkip("report.css no longer has /\(pattern)/; update ReportCSS")
            }
            return value
        }
        let rem = try number(#"html \{ font-size: ([\d.]+)px; \}"#, in: css)
        let maxWidth = try number(#"main \{\s*max-width: ([\d.]+)rem;"#, in: css)
        let padding = try number(#"main \{[^}]*padding: [\d.]+rem ([\d.]+)rem"#, in: css)
        screenColumn = (maxWidth - 2 * padding) * rem
        let sideMargin = try number(#"@page \{[^}]*margin: [\d.]+mm ([\d.]+)mm"#, in: css)
        printColumn = (210 - 2 * sideMargin) / 25.4 * 96
        let print = css.components(separatedBy: "@media print").last ?? ""
        printZoom = (try? number(#"figure img \{[^}]*zoom: ([\d.]+)"#, in: print)) ?? 1
    }
}
