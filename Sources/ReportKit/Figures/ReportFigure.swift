import AtomicWrite
import Foundation
import Plot

/// One figure of the report: a stable name, the step results it reads, and
/// how to draw it from those saved results alone (a figure never trains).
public struct ReportFigure: Sendable {
    /// Stable name, also the file stem: reports/figures/<name>.png.
    public let name: String
    /// What it shows, for `report list`.
    public let summary: String
    /// Ids of the steps whose saved results it reads.
    public let reads: [String]
    /// Whether it draws per-epoch curves, which a baseline's can be laid over
    /// (`report figure NAME --baseline B`); each such line has its metric's name as key.
    public let epochCurves: Bool
    package let draw: @Sendable (ResultsStore) throws -> Figure

    /// The widest a figure may be, in points. The page shows figures at 1.25 CSS
    /// pixels per point, so that a label has one size in every figure, in a
    /// column 833 CSS pixels wide (report.css): a wider figure would be shrunk
    /// to fit, its text with it.
    package static let columnWidth = 664.0

    package init(name: String, summary: String, reads: [String], epochCurves: Bool = false,
                 draw: @escaping @Sendable (ResultsStore) throws -> Figure) {
        self.name = name
        self.summary = summary
        self.reads = reads
        self.epochCurves = epochCurves
        self.draw = draw
    }
}

/// Every figure of the report, in the order they appear in it.
public enum FigureRegistry {
    /// The figure called `name`, or an error listing the valid names.
    public static func figure(named name: String, in figures: [ReportFigure]) throws -> ReportFigure {
        guard let figure = figures.first(where: { $0.name == name }) else {
            throw ReportError("unknown figure '\(name)'; valid figures: \(figures.map(\.name).joined(separator: ", "))")
        }
        return figure
    }
}

/// Draws figures from saved results into files.
public struct FigureRenderer: Sendable {
    public let store: ResultsStore
    /// Where figures go by default: reports/figures.
    public let directory: String
    /// The report's figures, to name the ones a request could have meant.
    public let figures: [ReportFigure]

    public init(store: ResultsStore, directory: String, figures: [ReportFigure]) {
        self.store = store
        self.directory = directory
        self.figures = figures
    }

    public init(options: BuildOptions, figures: [ReportFigure]) {
        self.init(store: ResultsStore(directory: options.resultsDirectory), directory: options.figuresDirectory, figures: figures)
    }

    /// reports/figures/<name>.<format>; drawn against a baseline, <name>-vs-<baseline>.<format>,
    /// so the report's own figure stays as the results draw it.
    public func path(of figure: ReportFigure, format: OutputFormat, baseline: String? = nil) -> String {
        "\(directory)/\(figure.name)\(baseline.map { "-vs-" + $0 } ?? "").\(format.rawValue)"
    }

    /// Steps the figure reads that have no saved result.
    public func missingInputs(of figure: ReportFigure) -> [String] {
        figure.reads.filter { !store.exists($0) }
    }

    /// PNG pixels per point that `render` accepts: below a quarter the text is
    /// unreadable, above 16 a figure is hundreds of megabytes of pixels.
    public static let scales: ClosedRange<Double> = 0.25...16

    /// Draws `figure` and writes it in each format (to `out` instead, for a single
    /// format), PNG at `scale` pixels per point, with `baseline`'s per-epoch
    /// curves over its own when given (read from `baselineFile`, which errors
    /// name); returns the paths.
    @discardableResult
    public func render(_ figure: ReportFigure, formats: [OutputFormat] = [.png], out: String? = nil,
                       scale: Double = 2, baseline: Baseline? = nil, baselineFile: String? = nil) throws -> [String] {
        guard Self.scales.contains(scale) else {
            throw ReportError("--scale \(scale): the PNG scale must be between 0.25 and 16 pixels per point")
        }
        if baseline != nil, !figure.epochCurves { throw BaselineOverlay.noCurves(figure.name, among: figures) }
        let missing = missingInputs(of: figure)
        guard missing.isEmpty else {
            let files = missing.map { store.path(for: $0) }.joined(separator: ", ")
            throw ReportError("\(files): missing; figure \(figure.name) is drawn from the result of \(missing.joined(separator: ", ")); run `report build --steps \(missing.joined(separator: ","))`")
        }
        let drawn: Figure
        do {
            drawn = try figure.draw(store)
        } catch let error as ReportError {
            throw ReportError("\(error.message) (while drawing figure \(figure.name))")
        }
        if let baseline { try BaselineOverlay.overlay(baseline, file: baselineFile, on: drawn, named: figure.name, among: figures) }
        var written: [String] = []
        for format in formats {
            let target = out ?? path(of: figure, format: format, baseline: baseline?.name)
            let data: Data
            do {
                data = try drawn.data(format: format, scale: scale)
            } catch {
                throw ReportError("\(target): cannot draw figure \(figure.name): \(error)")
            }
            try AtomicFile.write(data, to: target)
            written.append(target)
        }
        return written
    }

    /// Freshness of a figure's file against the results it reads.
    public enum State: String, Sendable {
        /// Drawn after its inputs were last written.
        case fresh
        /// Older than one of its inputs.
        case stale
        /// Not drawn yet.
        case missing
        /// Cannot be drawn: an input result is missing.
        case blocked
    }

    public func state(of figure: ReportFigure, format: OutputFormat = .png) -> State {
        if !missingInputs(of: figure).isEmpty { return .blocked }
        guard let drawn = modificationDate(path(of: figure, format: format)) else { return .missing }
        let newestInput = figure.reads.compactMap { modificationDate(store.path(for: $0)) }.max() ?? .distantPast
        return drawn >= newestInput ? .fresh : .stale
    }

    private func modificationDate(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }
}

extension BuildOptions {
    public var figuresDirectory: String { reportsDirectory + "/figures" }
    public var baselinesDirectory: String { reportsDirectory + "/baselines" }
}
