import AtomicWrite
import Foundation
import Plot

/// Saved results + figures + templates → reports/report.md and reports/index.html
/// (and, on request, reports/report-standalone.html with the figures inside,
/// and reports/report.pdf printed from the page).
/// The assembler never computes a metric: it formats what the steps saved.
public final class ReportAssembler {
    public struct Output: Sendable {
        public var markdown: String
        public var html: String
        public var standalone: String?
        /// The path of the PDF, when one was printed.
        public var pdf: String?
        /// Figures drawn, and figures left out because an input result is missing.
        public var figures: [String]
        public var skippedFigures: [String]
        /// Sections that said their results are missing.
        public var missingSections: [String]
    }

    package let options: BuildOptions
    package let templates: TemplateSet
    package let steps: [RegisteredStep]
    package let figures: [ReportFigure]
    package let sections: [ReportSection]
    package let store: ResultsStore
    package let progress: ProgressReporter

    public init(options: BuildOptions, templatesDirectory: String, definition: ReportDefinition,
                progress: ProgressReporter? = nil) throws {
        self.options = options
        self.templates = try TemplateSet(directory: templatesDirectory)
        self.steps = definition.steps
        self.figures = definition.figures
        self.sections = definition.sections
        self.store = ResultsStore(directory: options.resultsDirectory)
        self.progress = progress ?? .automatic(quiet: options.quiet)
    }

    public var markdownPath: String { options.reportsDirectory + "/report.md" }
    public var htmlPath: String { options.reportsDirectory + "/index.html" }
    public var standalonePath: String { options.reportsDirectory + "/report-standalone.html" }
    public var pdfPath: String { options.reportsDirectory + "/report.pdf" }

    /// The browser that prints the PDF; throws, saying how to install it, when there is none.
    public static func pdfPrinter() throws -> String { try PDFPrinter().browser() }

    /// Parses every template and reads the style sheet, so syntax errors show before any step runs.
    public func preflight() throws {
        for name in sections.map(\.template) + ["report.md.mustache", "page.html.mustache"] { try templates.check(name) }
        _ = try templates.text("report.css")
    }

    /// Draws the figures, renders the sections, writes the outputs. The report
    /// depends on the saved results and the code only, not on what this build
    /// ran or how long it took, so that reusing every result rewrites the same file.
    /// With `pdf`, headless Chromium also prints the page to reports/report.pdf.
    @discardableResult
    public func assemble(standalone: Bool = false, pdf: Bool = false,
                         formats: [OutputFormat] = OutputFormat.allCases) throws -> Output {
        let (drawn, skipped) = try drawFigures(formats: formats)
        let context = makeContext()
        let (document, missingSections) = try renderDocument(context: context)
        // Tables are numbered here, in the order the document shows them, so
        // no template types a number that a missing section would shift.
        let markdown = TableNumbers.labelled(
            try templates.render("report.md.mustache", document).trimmingCharacters(in: .whitespacesAndNewlines) + "\n")

        let body = HTMLConversion.page(fromMarkdown: markdown) { [options] src in
            HTMLConversion.figureWidth(options.reportsDirectory + "/" + src)
        }
        let page = PageView(
            title: body.title ?? "Report", css: try templates.text("report.css"),
            toc: body.contents, body: body.html)
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
        if pdf { try PDFPrinter().print(page: htmlPath, to: pdfPath) }
        return Output(markdown: markdown, html: html, standalone: standaloneHTML, pdf: pdf ? pdfPath : nil,
                      figures: drawn, skippedFigures: skipped, missingSections: missingSections)
    }

    /// Every section rendered from its results (or saying what is missing), in a document.
    private func renderDocument(context: SectionContext) throws -> (DocumentView, missing: [String]) {
        var rendered: [RenderedSection] = []
        var missingSections: [String] = []
        let outline = SectionOutline(sections)
        for section in sections {
            let envelope = try envelope(for: section, context: context, numbers: outline.numbers)
            if envelope.missing != nil { missingSections.append(section.id) }
            let body = try templates.render(section.template, envelope).trimmingCharacters(in: .whitespacesAndNewlines)
            let heading = outline.headings[section.id] ?? ""
            rendered.append(RenderedSection(id: section.id, markdown: body.isEmpty ? heading : heading + "\n\n" + body))
        }
        let profiles = Set(steps.compactMap { try? store.header($0.id)?.profile })
        let document = DocumentView(
            profile: profiles.map(\.rawValue).sorted().joined(separator: ", "),
            quick: profiles.contains(.quick),
            sections: rendered)
        return (document, missingSections)
    }

    /// Every figure that some section shows and whose inputs exist.
    private func drawFigures(formats: [OutputFormat]) throws -> (drawn: [String], skipped: [String]) {
        let renderer = FigureRenderer(store: store, directory: options.figuresDirectory, figures: figures)
        var record = DrawnFigures(figuresDirectory: options.figuresDirectory)
        var drawn: [String] = [], skipped: [String] = []
        let wanted = Set(sections.flatMap(\.figures))
        // PNG first: the pages need it; SVG and PDF for print and slides.
        let allFormats = [.png] + formats.filter { $0 != .png }
        for figure in figures where wanted.contains(figure.name) {
            guard renderer.missingInputs(of: figure).isEmpty else {
                skipped.append(figure.name)
                continue
            }
            drawn.append(figure.name)
            let key = DrawnFigures.key(of: figure, formats: allFormats, store: store)
            let paths = allFormats.map { renderer.path(of: figure, format: $0) }
            if let key, record.isCurrent(figure.name, key: key, paths: paths) { continue }
            try renderer.render(figure, formats: allFormats)
            if let key { record.record(figure.name, key: key, paths: paths) }
        }
        try record.save()
        return (drawn, skipped)
    }

    private func makeContext() -> SectionContext {
        let sources = ProvenanceProbe.reportSources()
        var numbers: [String: Int] = [:]
        for section in sections where section.reads.allSatisfy(store.exists) {
            for name in section.figures where numbers[name] == nil { numbers[name] = numbers.count + 1 }
        }
        return SectionContext(
            store: store, figureNumbers: numbers, options: options,
            provenance: ProvenanceInputs(codeCommit: sources.commit, codeDirty: sources.dirty, steps: steps), progress: progress)
    }

    private func envelope(for section: ReportSection, context: SectionContext,
                          numbers: [String: String]) throws -> SectionEnvelope {
        let missing = section.reads.filter { !store.exists($0) }
        if !missing.isEmpty {
            return SectionEnvelope(missing: MissingResults(
                steps: missing.map { "`\($0)`" }.joined(separator: ", "),
                command: "report build --steps \(missing.joined(separator: ","))",
                files: missing.map { store.path(for: $0) }.joined(separator: ", ")), data: nil, sectionNumbers: numbers)
        }
        return SectionEnvelope(missing: nil, data: try section.view.map { try $0(context) }, sectionNumbers: numbers)
    }
}

package struct RenderedSection {
    package var id: String
    package var markdown: String
}

/// What `report.md.mustache` receives.
package struct DocumentView {
    package var profile: String
    package var quick: Bool
    package var sections: [RenderedSection]
}

/// What `page.html.mustache` receives.
package struct PageView {
    package var title: String
    package var css: String
    package var toc: [HTMLConversion.Heading]
    package var body: String
}
