import CMarkGFM
import Foundation

/// A figure as the templates write it: an image on a line of its own, with
/// its caption, one emphasised line, right below it:
///
///     ![Figure 6: alt text](figures/p3-curves.png)
///     *Figure 6: The caption.*
///
/// CommonMark reads the two lines as one paragraph (image, line break,
/// emphasis); a caption after a blank line, in a paragraph of its own, is
/// accepted too. An image with other text beside it stays inline.
package struct FigureBlock {
    package let paragraph: MarkdownNode
    package let image: MarkdownNode
    /// The emphasis that holds the caption, if any.
    package let caption: MarkdownNode?
    /// The caption's own paragraph, when a blank line separates it from the image.
    package let captionParagraph: MarkdownNode?
    /// "Figure 6" in the caption (or, without one, in the alt text).
    package let number: Int?

    package var id: String? { number.map { "figure-\($0)" } }

    package init?(paragraph: MarkdownNode) {
        guard paragraph.type == CMARK_NODE_PARAGRAPH else { return nil }
        let children = paragraph.children
        guard let image = children.first, image.type == CMARK_NODE_IMAGE else { return nil }
        self.paragraph = paragraph
        self.image = image
        switch children.count {
        case 1:
            // The next paragraph, unless it is the label of a table that follows.
            let next = paragraph.next.flatMap { TableBlock.labelsTable($0) ? nil : Self.soleEmphasis(of: $0) }
            caption = next
            captionParagraph = next == nil ? nil : paragraph.next
        case 3 where [CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK].contains(children[1].type)
            && children[2].type == CMARK_NODE_EMPH:
            caption = children[2]
            captionParagraph = nil
        default:
            return nil
        }
        number = LabelNumber.parse("Figure", in: caption?.plainText ?? image.plainText)
    }

    /// `<figure>` with the image (a link to itself, so a click shows it at full
    /// size) and a `<figcaption>` holding the caption's contents, emphasis
    /// inside it (*i*, *j*) kept. `cssWidth` gives the width to show the image
    /// at, in CSS pixels (see `HTMLConversion.figureWidth`).
    package func render(cssWidth: (String) -> Int?) {
        let source = image.url ?? ""
        let width = cssWidth(source).map { " width=\"\($0)\"" } ?? ""
        let figure = MarkdownNode.customBlock(enter: "<figure\(id.map { " id=\"\($0)\"" } ?? "")>", exit: "</figure>")
        figure.append(.customBlock(enter: "<a class=\"figure-image\" href=\"\(HTMLText.escape(source))\">"
            + "<img src=\"\(HTMLText.escape(source))\" alt=\"\(HTMLText.escape(image.plainText))\"\(width)></a>"))
        if let caption {
            let figcaption = MarkdownNode.customBlock(enter: "<figcaption>", exit: "</figcaption>")
            figcaption.adoptChildren(of: caption)
            figure.append(figcaption)
        }
        paragraph.replace(with: figure)
        captionParagraph?.remove()
    }

    /// The emphasis that is all a paragraph holds, or nil.
    package static func soleEmphasis(of paragraph: MarkdownNode) -> MarkdownNode? {
        guard paragraph.type == CMARK_NODE_PARAGRAPH else { return nil }
        let children = paragraph.children
        guard children.count == 1, children[0].type == CMARK_NODE_EMPH else { return nil }
        return children[0]
    }
}

/// A table, with the label line `TableNumbers` put above it ("*Table 3*"),
/// becomes a `<figure>` with that label as its caption and the table inside a
/// box that scrolls sideways, so a wide table on a phone is not cut off.
package struct TableBlock {
    package let table: MarkdownNode
    /// The paragraph "*Table 3*" right above the table, if any.
    package let label: MarkdownNode?
    package let number: Int?

    package var id: String? { number.map { "table-\($0)" } }

    package init(table: MarkdownNode) {
        self.table = table
        label = table.previous.flatMap { Self.labelsTable($0) ? $0 : nil }
        number = label.flatMap(FigureBlock.soleEmphasis(of:)).flatMap { LabelNumber.parse("Table", in: $0.plainText) }
    }

    /// Whether `paragraph` is a label ("*Table 3*") right above a table.
    package static func labelsTable(_ paragraph: MarkdownNode) -> Bool {
        guard paragraph.next?.isTable == true, let emphasis = FigureBlock.soleEmphasis(of: paragraph) else { return false }
        return LabelNumber.parse("Table", in: emphasis.plainText) != nil
    }

    /// Rows beyond which a table may break across printed pages: a shorter one
    /// is kept on one page, a longer one would leave most of a page empty.
    package static let longTableRows = 20

    package func render() {
        let scroll = MarkdownNode.customBlock(enter: "<div class=\"table-scroll\">", exit: "</div>")
        guard let label, let id, let emphasis = FigureBlock.soleEmphasis(of: label) else {
            table.insertBefore(scroll)
            scroll.append(table)
            return
        }
        let classes = table.children.count > Self.longTableRows ? "table long" : "table"
        let figure = MarkdownNode.customBlock(enter: "<figure class=\"\(classes)\" id=\"\(id)\">", exit: "</figure>")
        let caption = MarkdownNode.customBlock(enter: "<figcaption>", exit: "</figcaption>")
        caption.adoptChildren(of: emphasis)
        table.insertBefore(figure)
        figure.append(caption)
        figure.append(scroll)
        scroll.append(table)
        label.remove()
    }
}

/// A heading written with the id GitHub gives it.
package struct HeadingBlock {
    package let node: MarkdownNode
    package let heading: HTMLConversion.Heading

    package func render() {
        let level = heading.level
        let block = MarkdownNode.customBlock(enter: "<h\(level) id=\"\(HTMLText.escape(heading.id))\">", exit: "</h\(level)>")
        block.adoptChildren(of: node)
        node.replace(with: block)
    }
}

/// "Figure 12: …" → 12: the number after a label word at the start of a text.
package enum LabelNumber {
    package static func parse(_ word: String, in text: String) -> Int? {
        guard text.hasPrefix(word + " ") || text.hasPrefix(word + "\u{00A0}") else { return nil }
        let digits = text.dropFirst(word.count + 1).prefix { $0.isASCII && $0.isNumber }
        return Int(digits)
    }
}

/// The report's tables get numbers in the order they appear: the assembler
/// puts a label line, `*Table 3*`, above each one, in report.md as in the
/// page (where it becomes the table's caption and its link target).
package enum TableNumbers {
    /// The Markdown with a label above each table of the document's top
    /// level. A table inside a quote or a list is left unnumbered: a label line
    /// inserted there would have to repeat the container's markers.
    package static func labelled(_ markdown: String) -> String {
        let tree = MarkdownTree(markdown)
        let startLines = tree.root.children.filter(\.isTable).map(\.headerLine)
        guard !startLines.isEmpty else { return markdown }
        var lines = markdown.components(separatedBy: "\n")
        for (index, line) in startLines.enumerated().reversed() {
            let at = line - 1
            // A table that follows a paragraph directly needs a blank line, or the label would join that paragraph.
            let blankBefore = at == 0 || lines[at - 1].trimmingCharacters(in: .whitespaces).isEmpty
            lines.insert(contentsOf: (blankBefore ? [] : [""]) + ["*Table \(index + 1)*", ""], at: at)
        }
        return lines.joined(separator: "\n")
    }
}
