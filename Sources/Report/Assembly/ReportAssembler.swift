import Foundation
import Ink
import Plot

/// Saved results + figures + templates → reports/report.md and reports/index.html
/// (and, on request, reports/report-standalone.html with the figures inside).
/// The assembler never computes a metric: it formats what the steps saved.
public final class ReportAssembler {
    public struct Output: Sendable {
        public var markdown: String
        public var html: String
        public var standalone: String?
        /// Figures drawn, and figures left out because an input result is missing.
        public var figures: [String]
        public var skippedFigures: [String]
        /// Sections that said their results are missing.
        public var missingSections: [String]
    }

    let options: BuildOptions
    let templates: TemplateSet
    let steps: [RegisteredStep]
    let figures: [ReportFigure]
    let sections: [ReportSection]
    let store: ResultsStore
    let progress: ProgressReporter

    public init(options: BuildOptions, templatesDirectory: String, steps: [RegisteredStep] = StepRegistry.all,
                figures: [ReportFigure] = FigureRegistry.all, sections: [ReportSection] = SectionRegistry.all,
                progress: ProgressReporter? = nil) throws {
        self.options = options
        self.templates = try TemplateSet(directory: templatesDirectory)
        self.steps = steps
        self.figures = figures
        self.sections = sections
        self.store = ResultsStore(directory: options.resultsDirectory)
        self.progress = progress ?? .automatic(quiet: options.quiet)
    }

    public var markdownPath: String { options.reportsDirectory + "/report.md" }
    public var htmlPath: String { options.reportsDirectory + "/index.html" }
    public var standalonePath: String { options.reportsDirectory + "/report-standalone.html" }

    /// Parses every template and reads the style sheet, so syntax errors show before any step runs.
    public func preflight() throws {
        for name in sections.map(\.template) + ["report.md.mustache", "page.html.mustache"] { try templates.check(name) }
        _ = try templates.text("report.css")
    }

    /// Draws the figures, renders the sections, writes the outputs.
    /// `decisions` and `buildSeconds` (from `ReportBuilder.build`) feed the provenance section.
    @discardableResult
    public func assemble(decisions: [ReportBuilder.Decision]? = nil, buildSeconds: Double? = nil,
                         standalone: Bool = false, formats: [OutputFormat] = OutputFormat.allCases) throws -> Output {
        let (drawn, skipped) = try drawFigures(formats: formats)
        let context = makeContext(decisions: decisions, buildSeconds: buildSeconds)

        var rendered: [RenderedSection] = []
        var missingSections: [String] = []
        for section in sections {
            let envelope = try envelope(for: section, context: context)
            if envelope.missing != nil { missingSections.append(section.id) }
            let markdown = try templates.render(section.template, envelope)
            rendered.append(RenderedSection(id: section.id, markdown: markdown.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        let profiles = Set(steps.compactMap { try? store.header($0.id)?.profile })
        let document = DocumentView(
            profile: profiles.map(\.rawValue).sorted().joined(separator: ", "),
            quick: profiles.contains(.quick), generated: context.provenance.machine.createdAt,
            sections: rendered)
        let markdown = try templates.render("report.md.mustache", document).trimmingCharacters(in: .whitespacesAndNewlines) + "\n"

        let body = HTMLConversion.html(fromMarkdown: markdown) { [options] src in
            HTMLConversion.pngWidth(options.reportsDirectory + "/" + src)
        }
        let page = PageView(
            title: HTMLConversion.title(of: markdown) ?? "Report", css: try templates.text("report.css"),
            toc: body.headings, body: body.html, generated: document.generated)
        let html = try templates.render("page.html.mustache", page)
        try HTMLConversion.checkImages(in: html, relativeTo: options.reportsDirectory, file: htmlPath)

        try AtomicFile.write(markdown, to: markdownPath)
        try AtomicFile.write(html, to: htmlPath)
        var standaloneHTML: String?
        if standalone {
            let embedded = try HTMLConversion.embedImages(in: html, relativeTo: options.reportsDirectory)
            try AtomicFile.write(embedded, to: standalonePath)
            standaloneHTML = embedded
        }
        return Output(markdown: markdown, html: html, standalone: standaloneHTML, figures: drawn,
                      skippedFigures: skipped, missingSections: missingSections)
    }

    /// Every figure that some section shows and whose inputs exist.
    private func drawFigures(formats: [OutputFormat]) throws -> (drawn: [String], skipped: [String]) {
        let renderer = FigureRenderer(store: store, directory: options.figuresDirectory)
        var drawn: [String] = [], skipped: [String] = []
        let wanted = Set(sections.flatMap(\.figures))
        for figure in figures where wanted.contains(figure.name) {
            guard renderer.missingInputs(of: figure).isEmpty else {
                skipped.append(figure.name)
                continue
            }
            // PNG first: the pages need it; SVG and PDF for print and slides.
            try renderer.render(figure, formats: [.png] + formats.filter { $0 != .png })
            drawn.append(figure.name)
        }
        return (drawn, skipped)
    }

    private func makeContext(decisions: [ReportBuilder.Decision]?, buildSeconds: Double?) -> SectionContext {
        var numbers: [String: Int] = [:]
        for section in sections where section.reads.allSatisfy(store.exists) {
            for name in section.figures where numbers[name] == nil { numbers[name] = numbers.count + 1 }
        }
        var comparison: BaselineComparison.Result?
        var comparisonError: String?
        var fullRuns: [BaselineComparison.SavedRun] = []
        if BaselineStore(directory: options.baselinesDirectory).exists(ComparisonSection.baselineName) {
            do {
                comparison = try BaselineComparison.run(options: options, baseline: ComparisonSection.baselineName, steps: steps)
            } catch {
                comparisonError = (error as? ReportError)?.message ?? "\(error)"
                progress.log("warning: \(comparisonError!); the report says so instead of comparing")
            }
        } else {
            comparisonError = "no baseline named '\(ComparisonSection.baselineName)' in \(options.baselinesDirectory)/"
        }
        if let original = comparison?.baseline {
            do {
                fullRuns = try BaselineComparison.savedFullRuns(options: options, against: original)
            } catch {
                progress.log("warning: \((error as? ReportError)?.message ?? "\(error)"); the saved full-profile runs are left out")
            }
        }
        return SectionContext(
            store: store, figureNumbers: numbers, comparison: comparison, comparisonError: comparisonError,
            fullRuns: fullRuns, provenance: ProvenanceInputs(machine: ProvenanceProbe.current(), decisions: decisions,
                                         buildSeconds: buildSeconds, steps: steps))
    }

    private func envelope(for section: ReportSection, context: SectionContext) throws -> SectionEnvelope {
        let missing = section.reads.filter { !store.exists($0) }
        if !missing.isEmpty {
            return SectionEnvelope(missing: MissingResults(
                steps: missing.map { "`\($0)`" }.joined(separator: ", "),
                command: "report build --steps \(missing.joined(separator: ","))",
                files: missing.map { store.path(for: $0) }.joined(separator: ", ")), data: nil)
        }
        guard let view = section.view else { return SectionEnvelope(missing: nil, data: nil) }
        return SectionEnvelope(missing: nil, data: try view(context))
    }
}

struct RenderedSection {
    var id: String
    var markdown: String
}

/// What `report.md.mustache` receives.
struct DocumentView {
    var profile: String
    var quick: Bool
    var generated: String
    var sections: [RenderedSection]
}

/// What `page.html.mustache` receives.
struct PageView {
    var title: String
    var css: String
    var toc: [HTMLConversion.Heading]
    var body: String
    var generated: String
}

/// Markdown → HTML with Ink, plus the touches a report page needs: figures
/// with captions, anchors on headings, and image checks.
enum HTMLConversion {
    struct Heading {
        var id: String
        var title: String
        var level: Int
        /// A subsection (h3), indented in the contents.
        var sub: Bool
    }

    /// Ink's HTML, with each image that stands on its own (a block, not
    /// inside a paragraph) wrapped in a centred <figure>; an emphasised
    /// paragraph right after it becomes its <figcaption>.
    /// `pixelWidth` gives an image's width in pixels when known: figures are
    /// drawn at 2 pixels per point and shown at 1.25 CSS pixels per point, so
    /// text has the same size in every figure.
    static func html(fromMarkdown markdown: String, pixelWidth: (String) -> Int? = { _ in nil })
        -> (html: String, headings: [Heading])
    {
        let parser = MarkdownParser()
        var html = figures(in: parser.html(from: markdown), pixelWidth: pixelWidth)
        var headings: [Heading] = []
        var used = Set<String>()
        for level in [2, 3] {
            var result = ""
            var rest = html[...]
            while let open = rest.range(of: "<h\(level)>"), let close = rest.range(of: "</h\(level)>", range: open.upperBound..<rest.endIndex) {
                let title = String(rest[open.upperBound..<close.lowerBound])
                var id = slug(stripTags(title))
                while used.contains(id) { id += "-" }
                used.insert(id)
                result += rest[..<open.lowerBound] + "<h\(level) id=\"\(id)\">" + title + "</h\(level)>"
                rest = rest[close.upperBound...]
                headings.append(Heading(id: id, title: stripTags(title), level: level, sub: level > 2))
            }
            html = result + rest
        }
        // Back in document order (h2 and h3 were collected in two passes).
        let order = Dictionary(headings.map { ($0.id, html.range(of: "id=\"\($0.id)\"")?.lowerBound ?? html.endIndex) },
                               uniquingKeysWith: { a, _ in a })
        headings.sort { order[$0.id]! < order[$1.id]! }
        return (html, headings)
    }

    static func figures(in html: String, pixelWidth: (String) -> Int? = { _ in nil }) -> String {
        let pattern = #"<img ([^>]*?)/?>(<p><em>(.*?)</em></p>)?"#
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { return html }
        var out = ""
        var last = html.startIndex
        for match in regex.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            guard let whole = Range(match.range, in: html), let attributes = Range(match.range(at: 1), in: html) else { continue }
            // Inline images (inside a paragraph) stay as they are.
            let before = html[..<whole.lowerBound]
            let open = before.range(of: "<p>", options: .backwards)?.lowerBound
            let close = before.range(of: "</p>", options: .backwards)?.lowerBound
            if let open, close.map({ $0 < open }) ?? true { continue }
            let caption = Range(match.range(at: 3), in: html).map { String(html[$0]) }
            let src = imageSources(in: String(html[whole])).first ?? ""
            let width = pixelWidth(src).map { " width=\"\(Int((Double($0) / 2 * 1.25).rounded()))\"" } ?? ""
            out += html[last..<whole.lowerBound] + "<figure><img \(html[attributes])\(width)>"
                + (caption.map { "<figcaption>\($0)</figcaption>" } ?? "") + "</figure>"
            last = whole.upperBound
        }
        return out + html[last...]
    }

    /// The first level-1 heading's text.
    static func title(of markdown: String) -> String? {
        markdown.split(separator: "\n").first { $0.hasPrefix("# ") }.map { String($0.dropFirst(2)).trimmingCharacters(in: .whitespaces) }
    }

    static func slug(_ text: String) -> String {
        let lowered = text.lowercased()
        var out = ""
        for scalar in lowered.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII { out.unicodeScalars.append(scalar) }
            else if !out.isEmpty && out.last != "-" { out.append("-") }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "section" : out
    }

    static func stripTags(_ html: String) -> String {
        var out = "", inTag = false
        for c in html {
            if c == "<" { inTag = true } else if c == ">" { inTag = false } else if !inTag { out.append(c) }
        }
        return out.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
    }

    /// The `src` of every <img> in `html`.
    static func imageSources(in html: String) -> [String] {
        var sources: [String] = []
        var rest = html[...]
        while let img = rest.range(of: "<img") {
            rest = rest[img.upperBound...]
            guard let end = rest.firstIndex(of: ">") else { break }
            let tag = rest[..<end]
            if let src = tag.range(of: "src=\"") , let close = tag[src.upperBound...].firstIndex(of: "\"") {
                sources.append(String(tag[src.upperBound..<close]))
            }
        }
        return sources
    }

    /// The width of a PNG file from its header, or nil.
    static func pngWidth(_ path: String) -> Int? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let header = handle.readData(ofLength: 24)
        guard header.count == 24, header.starts(with: [0x89, 0x50, 0x4E, 0x47]) else { return nil }
        return header[16..<20].reduce(0) { $0 << 8 | Int($1) }
    }

    /// Every local image exists next to the page.
    static func checkImages(in html: String, relativeTo directory: String, file: String) throws {
        for src in imageSources(in: html) where !src.hasPrefix("data:") && !src.contains("://") {
            guard FileManager.default.fileExists(atPath: directory + "/" + src) else {
                throw ReportError("\(file): image \(src) does not exist in \(directory)/")
            }
        }
    }

    /// Replaces local image sources with data: URIs, so one file carries everything.
    static func embedImages(in html: String, relativeTo directory: String) throws -> String {
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
