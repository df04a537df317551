import CMarkGFM
import Foundation
import Plot

/// Markdown → the report page's HTML, through cmark-gfm, with the touches a
/// page needs made on the parsed tree: headings with GitHub's ids, figures
/// with captions, numbered tables that scroll sideways, and references in the
/// text linked to what they name. Also the checks on the page's images.
package enum HTMLConversion {
    package struct Heading {
        package var id: String
        /// The heading's text, without Markdown.
        package var title: String
        package var level: Int
        /// A subsection (h3), indented in the contents. Stored, not computed:
        /// templates see stored properties only.
        package var sub: Bool

        package init(id: String, title: String, level: Int) {
            self.id = id
            self.title = title
            self.level = level
            sub = level > 2
        }
    }

    package struct Page {
        package var html: String
        /// The h2 and h3 headings, in order, for the contents list.
        package var contents: [Heading]
        /// The first h1's text.
        package var title: String?
    }

    /// `cssWidth` gives the width to show an image at, in CSS pixels, when known (see `figureWidth`).
    package static func page(fromMarkdown markdown: String, cssWidth: (String) -> Int? = { _ in nil }) -> Page {
        let tree = MarkdownTree(markdown)
        let nodes = tree.root.descendants
        var anchors = HeadingAnchors()
        let headings = nodes.filter { $0.type == CMARK_NODE_HEADING }.map { node in
            HeadingBlock(node: node, heading: Heading(id: anchors.id(for: node.plainText), title: node.plainText, level: node.headingLevel))
        }
        let figures = nodes.compactMap(FigureBlock.init(paragraph:))
        let tables = nodes.filter(\.isTable).map(TableBlock.init(table:))

        var targets = CrossReferences.Targets()
        var own: [MarkdownNode: String] = [:]
        for heading in headings { targets.addHeading(heading.heading) }
        for figure in figures {
            targets.add(kind: "figure", number: figure.number, id: figure.id)
            own[figure.paragraph] = figure.id
            if let paragraph = figure.captionParagraph { own[paragraph] = figure.id }
        }
        for table in tables {
            targets.add(kind: "table", number: table.number, id: table.id)
            if let label = table.label { own[label] = table.id }
        }
        CrossReferences.link(in: tree.root, to: targets, own: own)

        headings.forEach { $0.render() }
        figures.forEach { $0.render(cssWidth: cssWidth) }
        tables.forEach { $0.render() }
        return Page(html: tree.html(), contents: headings.map(\.heading).filter { (2...3).contains($0.level) },
                    title: headings.first { $0.heading.level == 1 }?.heading.title)
    }

    /// The `src` of every <img> in `html` (the page this enum wrote).
    package static func imageSources(in html: String) -> [String] {
        var sources: [String] = []
        var rest = html[...]
        while let img = rest.range(of: "<img") {
            rest = rest[img.upperBound...]
            guard let end = rest.firstIndex(of: ">") else { break }
            let tag = rest[..<end]
            if let src = tag.range(of: "src=\""), let close = tag[src.upperBound...].firstIndex(of: "\"") {
                sources.append(String(tag[src.upperBound..<close]))
            }
        }
        return sources
    }

    /// CSS pixels per point of a figure on the page: text has one size in every
    /// figure (a 10 pt label is 12.5 CSS pixels, against 17 for the body text).
    package static let cssPixelsPerPoint = 1.25

    /// The width to show a PNG figure at, in CSS pixels: its width in points
    /// (pixels over the dots per inch it declares, times 72) at `cssPixelsPerPoint`.
    /// A PNG that declares no resolution is taken to be drawn at 2 pixels per
    /// point, as figures were before they declared it.
    package static func figureWidth(_ path: String) -> Int? {
        guard let png = FileManager.default.contents(atPath: path), png.count >= 24,
              png.starts(with: [0x89, 0x50, 0x4E, 0x47]) else { return nil }
        let pixels = png[(png.startIndex + 16)..<(png.startIndex + 20)].reduce(0) { $0 << 8 | Int($1) }
        let dotsPerInch = PNGResolution.dotsPerInch(of: png) ?? PNGResolution.dotsPerInch(scale: 2)
        return Int((Double(pixels) * 72 / dotsPerInch * cssPixelsPerPoint).rounded())
    }

    /// Every local image exists next to the page.
    package static func checkImages(in html: String, relativeTo directory: String, file: String) throws {
        for src in imageSources(in: html) where !src.hasPrefix("data:") && !src.contains("://") {
            guard FileManager.default.fileExists(atPath: directory + "/" + src) else {
                throw ReportError("\(file): image \(src) does not exist in \(directory)/")
            }
        }
    }

    /// Replaces local image sources with data: URIs, so one file carries everything.
    /// (A figure's link to its full-size PNG stays relative: browsers refuse
    /// to open data: URIs from a link.)
    package static func embedImages(in html: String, relativeTo directory: String) throws -> String {
        var out = html
        for src in Set(imageSources(in: html)) where !src.hasPrefix("data:") && !src.contains("://") {
            let path = directory + "/" + src
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ReportError("\(path): cannot embed the image: file missing")
            }
            let type = src.hasSuffix(".svg") ? "image/svg+xml" : src.hasSuffix(".jpg") ? "image/jpeg" : "image/png"
            out = out.replacingOccurrences(of: "src=\"\(src)\"", with: "src=\"data:\(type);base64,\(data.base64EncodedString())\"")
        }
        return out
    }
}
