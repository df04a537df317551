import Foundation
import XCTest
@testable import ReportKit
@testable import Sections

/// Markdown → the report page: cmark-gfm's parse, and what the conversion
/// does on the tree (figures, headings, tables, cross-references).
final class HTMLPageTests: XCTestCase {
    func page(_ markdown: String) -> HTMLConversion.Page { HTMLConversion.page(fromMarkdown: markdown) }

    /// Figure 16's caption as the report writes it: emphasis nested in the
    /// emphasised caption. Ink wrote "row </em>i<em>", and the last <em>,
    /// never closed, put the rest of the page in italics; GitHub (and so
    /// cmark-gfm) nests it.
    func testNestedEmphasisInACaptionEndsWithTheCaption() {
        let html = page("""
            ![Figure 16: a block of the last convolution's kernels](figures/p3-kernels-last.png)
            *Figure 16: The top-left 20 × 20 block of the last convolution's 256 × 256 × 3 × 3 weights: row *i*, column *j* is the 3×3 kernel from input channel *j* to output channel *i*. One colour scale for all, centred at zero (red positive, blue negative).*

            A 3×3 kernel on RGB pixels can only measure colour.

            ### 3.6 Next
            """).html
        XCTAssertTrue(html.contains("<figcaption>\nFigure 16: The top-left 20 × 20 block of the last convolution's 256 × 256 × 3 × 3 weights: "
            + "row <em>i</em>, column <em>j</em> is the 3×3 kernel from input channel <em>j</em> to output channel <em>i</em>. "
            + "One colour scale for all, centred at zero (red positive, blue negative).\n</figcaption>"), html)
        XCTAssertTrue(html.contains("<p>A 3×3 kernel on RGB pixels can only measure colour.</p>"), html)
        XCTAssertEqual(Self.emphasisDepths(html), [1, 0, 1, 0, 1, 0, 1, 0], "every </em> closes an <em> opened before it: \(html)")
        XCTAssertTrue(html.contains("<h3 id=\"36-next\">"), html)
    }

    /// The depth of <em> nesting after each <em> or </em> tag, in order.
    static func emphasisDepths(_ html: String) -> [Int] {
        var depths: [Int] = []
        var rest = html[...]
        while let open = rest.range(of: "<em>") ?? rest.range(of: "</em>") {
            let close = rest.range(of: "</em>")
            let tag = close.map { $0.lowerBound < open.lowerBound ? $0 : open } ?? open
            depths.append((depths.last ?? 0) + (rest[tag] == "<em>" ? 1 : -1))
            rest = rest[tag.upperBound...]
        }
        return depths
    }

    func testFiguresAreWrappedWithCaptionsAndLinkToTheirImage() {
        let converted = HTMLConversion.page(fromMarkdown: """
            # Title
            text with an inline ![icon](i.png) image

            ![Figure 1: alt](figures/a.png)
            *Figure 1: The caption.*

            ![Figure 2: alt](figures/b.png)

            *Figure 2: A caption after a blank line.*
            """, cssWidth: { $0 == "figures/a.png" ? 500 : nil })
        let html = converted.html
        XCTAssertTrue(html.contains("<figure id=\"figure-1\">\n<a class=\"figure-image\" href=\"figures/a.png\">"
            + "<img src=\"figures/a.png\" alt=\"Figure 1: alt\" width=\"500\"></a>\n<figcaption>\nFigure 1: The caption.\n</figcaption>\n</figure>"), html)
        XCTAssertTrue(html.contains("<figure id=\"figure-2\">"), html)
        XCTAssertTrue(html.contains("Figure 2: A caption after a blank line.\n</figcaption>"), html)
        XCTAssertFalse(html.contains("<p><em>Figure 2"), "the caption's paragraph is taken into the figure")
        XCTAssertTrue(html.contains("<p>text with an inline <img src=\"i.png\" alt=\"icon\" /> image</p>"), html)
        XCTAssertEqual(converted.title, "Title")
    }

    /// Ids as GitHub gives them for a Markdown file, so `#11-the-model`
    /// works on GitHub's view of report.md and in index.html alike.
    func testHeadingIdsAreGitHubs() {
        let converted = page("""
            # IFT6135 Assignment 1, regenerated from code
            ## 1 Problem 1: a multilayer perceptron on MNIST
            ### 1.1 The model
            ### 3.4 Appendix: a ResNet with *and* without `BatchNorm`
            ## Setup
            ## Setup
            ### Größe — 2 × 2
            """)
        XCTAssertEqual(converted.contents.map(\.id), [
            "1-problem-1-a-multilayer-perceptron-on-mnist", "11-the-model",
            "34-appendix-a-resnet-with-and-without-batchnorm", "setup", "setup-1", "größe--2--2",
        ])
        XCTAssertEqual(converted.contents.map(\.sub), [false, true, true, false, false, true])
        XCTAssertEqual(converted.contents[2].title, "3.4 Appendix: a ResNet with and without BatchNorm")
        XCTAssertTrue(converted.html.contains("<h1 id=\"ift6135-assignment-1-regenerated-from-code\">"), converted.html)
        XCTAssertTrue(converted.html.contains("<h3 id=\"11-the-model\">\n1.1 The model\n</h3>"), converted.html)
    }

    func testReferencesInTheTextLinkToWhatTheyName() {
        let html = page("""
            ## 1 Problem 1: digits
            ### 1.3 Search
            As section 1.3 and Figure 2 show, sections 1.3 and 3.9 differ; see Figures 1 and 2, Table 1, and Problem 1.
            Section 1.30 and figure 7 do not exist; `section 1.3` is code.

            ![Figure 1: a](figures/a.png)
            *Figure 1: Unlike Figure 2, this one.*

            ![Figure 2: b](figures/b.png)

            *Table 1*

            | a | b |
            | --- | ---: |
            | 1 | 2 |
            """).html
        XCTAssertTrue(html.contains("As <a href=\"#13-search\">section 1.3</a> and <a href=\"#figure-2\">Figure 2</a> show, "
            + "<a href=\"#13-search\">sections 1.3</a> and 3.9 differ; see <a href=\"#figure-1\">Figures 1</a> and "
            + "<a href=\"#figure-2\">2</a>, <a href=\"#table-1\">Table 1</a>, and "
            + "<a href=\"#1-problem-1-digits\">Problem 1</a>."), html)
        XCTAssertTrue(html.contains("Section 1.30 and figure 7 do not exist; <code>section 1.3</code> is code."), html)
        // A caption links to other figures, not to its own.
        XCTAssertTrue(html.contains("Figure 1: Unlike <a href=\"#figure-2\">Figure 2</a>, this one."), html)
        XCTAssertTrue(html.contains("<h3 id=\"13-search\">\n1.3 Search\n</h3>"), "headings are not linked")
    }

    /// The assembler numbers tables in the Markdown; the page makes the label
    /// the table's caption and puts the table in a box that scrolls sideways.
    func testTablesAreNumberedAndScrollInTheirOwnBox() {
        let markdown = TableNumbers.labelled("""
            Text.

            | a | b |
            | --- | --- |
            | 1 | 2 |

            > | quoted | table |
            > | --- | --- |
            > | x | y |

            Right after a paragraph:
            | c |
            | --- |
            | 3 |
            """)
        XCTAssertEqual(markdown, """
            Text.

            *Table 1*

            | a | b |
            | --- | --- |
            | 1 | 2 |

            > | quoted | table |
            > | --- | --- |
            > | x | y |

            Right after a paragraph:

            *Table 2*

            | c |
            | --- |
            | 3 |
            """)
        let html = page(markdown).html
        XCTAssertTrue(html.contains("<figure class=\"table\" id=\"table-1\">\n<figcaption>\nTable 1\n</figcaption>\n"
            + "<div class=\"table-scroll\">\n<table>"), html)
        XCTAssertTrue(html.contains("<figure class=\"table\" id=\"table-2\">"), html)
        XCTAssertTrue(html.contains("<blockquote>\n<div class=\"table-scroll\">\n<table>"), "an unnumbered table still scrolls: \(html)")
        XCTAssertFalse(html.contains("<p><em>Table"), html)
    }

    func testALongTableMayBreakAcrossPrintedPages() {
        let rows = (1...TableBlock.longTableRows).map { "| \($0) |" }.joined(separator: "\n")
        let html = page(TableNumbers.labelled("| n |\n| --- |\n\(rows)\n\n| short |\n| --- |\n| 1 |\n")).html
        XCTAssertTrue(html.contains("<figure class=\"table long\" id=\"table-1\">"), html)
        XCTAssertTrue(html.contains("<figure class=\"table\" id=\"table-2\">"), html)
    }

    /// GitHub's extensions are on: autolinks, strikethrough, and raw HTML
    /// stays out of the page.
    func testGitHubExtensionsAndNoRawHTML() {
        let html = page("See https://example.org and ~~old~~ text. <script>alert(1)</script>").html
        XCTAssertTrue(html.contains("<a href=\"https://example.org\">https://example.org</a>"), html)
        XCTAssertTrue(html.contains("<del>old</del>"), html)
        XCTAssertFalse(html.contains("<script>"), html)
    }
}
