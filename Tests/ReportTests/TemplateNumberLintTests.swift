import Foundation
import XCTest

/// The report's numbers come from results and from the code's constants, never
/// from the templates: a digit typed into a section template is a value that
/// will silently go stale when a config changes. This test reads every section
/// template (and partial), removes the Mustache tags, then the prose the
/// allow-list names, and fails on any digit left.
final class TemplateNumberLintTests: XCTestCase {
    /// Text with digits that is prose, not data. Each entry says why; keep it short.
    static let allowed: [(pattern: String, why: String)] = [
        // Headings and "section 3.1" are not here: the outline numbers them from
        // the order of the parts ({{sectionNumbers.p3-train}}).
        (#"\bProblem [1-9]\b"#,
         "the assignment's own numbering of its three problems, which the report follows"),
        (#"\b(float32|float64|Float64|ResNet-18|SHA-256)\b"#,
         "names of a number type, a network architecture and a hash algorithm"),
        (#"N\(0, 1\)|variance 1\b|√\(6 / \(fan-in \+ fan-out\)\)|√\(fan-in / 2\)|\(\*n\* \+ 1\) × \*m\*|\b2ε|\b1/ε|\b1/\*N\*"#,
         "mathematics: the standard normal, Glorot's bound, a ReLU layer's gain, a dense layer's count, a centred difference"),
        (#"\[0, 1\]|\b0 and 1\b"#,
         "the bounds of a probability or a pixel value, true of any configuration"),
        (#"says 90 %|exactly 50/50"#,
         "an illustration of calibration, and the idiom for an undecided probability in the hand-written observations"),
    ]

    /// Each number outside a tag, as "file:line: excerpt".
    static func numbers(in source: String, file: String) -> [String] {
        var text = source.replacingOccurrences(of: #"\{\{\{.*?\}\}\}|\{\{.*?\}\}"#, with: "", options: .regularExpression)
        for entry in allowed { text = text.replacingOccurrences(of: entry.pattern, with: "", options: .regularExpression) }
        // Neither tags nor allowed patterns span lines, so line numbers still match the source.
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        var found: [String] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.contains(where: { $0.isASCII && $0.isNumber }) {
            found.append("\(file):\(index + 1): \(lines[index].trimmingCharacters(in: .whitespaces).prefix(120))")
        }
        return found
    }

    /// Section templates and the partials they share.
    static func templateFiles() throws -> [String] {
        try ["sections", "partials"].flatMap { folder in
            try FileManager.default.contentsOfDirectory(atPath: "\(templatesDirectory)/\(folder)")
                .filter { $0.hasSuffix(".md.mustache") }.sorted().map { "\(folder)/\($0)" }
        }
    }

    func testNoTemplateTypesANumber() throws {
        let files = try Self.templateFiles()
        XCTAssertTrue(files.contains("sections/p3-train.md.mustache"), "\(files)")
        var found: [String] = []
        for file in files {
            let source = try String(contentsOfFile: "\(templatesDirectory)/\(file)", encoding: .utf8)
            found += Self.numbers(in: source, file: file)
        }
        XCTAssertEqual(found, [], "numbers typed into templates: take them from the view model\n" + found.joined(separator: "\n"))
    }

    /// "{{epochs}} epochs" reads "1 epochs" in the quick profile: a count and
    /// its noun come from the view together (`NumberFormat.counted`).
    func testNoTemplatePutsTheNounAfterACount() throws {
        var found: [String] = []
        for file in try Self.templateFiles() {
            let source = try String(contentsOfFile: "\(templatesDirectory)/\(file)", encoding: .utf8)
            for (index, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.range(of: #"\}\}\s+epochs\b"#, options: .regularExpression) != nil {
                found.append("\(file):\(index + 1)")
            }
        }
        XCTAssertEqual(found, [], "a count tag followed by a plural noun: use the view's counted phrase")
    }

    /// The scanner itself: tags go, the text between section markers stays, the allow-list is exact.
    func testTheScannerSeesNumbersBetweenTagsOnly() {
        XCTAssertEqual(Self.numbers(in: "{{epochs}} epochs{{#x}} of {{{table}}}{{/x}}", file: "a"), [])
        XCTAssertEqual(Self.numbers(in: "line\n{{#subset}}batches of 128{{/subset}}", file: "a"), ["a:2: {{#subset}}batches of 128{{/subset}}"])
        XCTAssertEqual(Self.numbers(in: "As section {{sectionNumbers.p3-train}} and Problem 3 say", file: "a"), [])
        XCTAssertEqual(Self.numbers(in: "as section 3.1 says", file: "a"), ["a:1: as section 3.1 says"])
        XCTAssertEqual(Self.numbers(in: "float32, but float16", file: "a"), ["a:1: float32, but float16"])
        XCTAssertEqual(Self.numbers(in: "a 3×3 kernel in 2 sections", file: "a").count, 1)
    }
}
