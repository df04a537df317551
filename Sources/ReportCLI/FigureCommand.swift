import Bench
import ArgumentParser
import AtomicWrite
import Foundation
import Plot
import ReportKit
import Sections

extension OutputFormat: ExpressibleByArgument {}

struct FigureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figure",
        abstract: "Draws one figure from saved results (never trains), or Plot's gallery of figure styles.",
        discussion: "Figures: \(FigureRegistry.all.map(\.name).joined(separator: ", ")).")

    @Argument(help: "The figure to draw, e.g. p1-gradcheck (see `report list`).", completion: Completions.figures)
    var name: String?

    @Option(help: "png, svg or pdf (default: from --out's extension, else png).")
    var format: OutputFormat?

    @Option(help: "Where to write it (default: <reports-dir>/figures/<name>.<format>).")
    var out: String?

    @Option(help: "A saved baseline (reports/baselines/NAME.json) whose per-epoch curves are drawn over the figure's, dashed; written to <name>-vs-<baseline>.<format> unless --out says otherwise.")
    var baseline: String?

    @Option(help: "PNG pixels per point, 0.25 to 16 (default 2, as the report uses; the file declares 72 dpi per unit, so it keeps its size in points).")
    var scale: Double?

    @Option(help: "Render Plot's gallery (one example of every figure type, png/svg/pdf) into this folder instead.")
    var gallery: String?

    @OptionGroup var reports: ReportsFolderOption

    func validate() throws {
        if gallery == nil && name == nil { throw ValidationError("name a figure, or use --gallery DIR") }
        if gallery != nil && name != nil { throw ValidationError("--gallery draws the whole gallery; leave out the figure name") }
        if baseline != nil && gallery != nil { throw ValidationError("--baseline is for one figure; leave out --gallery") }
        if scale != nil && (gallery != nil || chosenFormat != .png) {
            throw ValidationError("--scale sets a PNG's pixels per point; \(gallery != nil ? "--gallery" : chosenFormat.rawValue.uppercased()) has none")
        }
    }

    /// --format, else --out's extension, else PNG.
    var chosenFormat: OutputFormat { format ?? out.flatMap { OutputFormat(path: $0) } ?? .png }

    func run() throws {
        try runReportingErrors {
            if let gallery {
                try Folder.create(gallery)
                let formats = format.map { [$0.rawValue] } ?? OutputFormat.allCases.map(\.rawValue)
                let written = try Gallery.render(into: gallery, formats: formats)
                print("wrote \(written.count) gallery files into \(gallery)/")
                return
            }
            let options = try reports.options()
            let figure = try FigureRegistry.figure(named: name!)
            let chosen = chosenFormat
            if let out, let implied = OutputFormat(path: out), implied != chosen {
                throw ReportError("\(out): the extension says \(implied.rawValue) but --format says \(chosen.rawValue)")
            }
            let baselines = BaselineStore(directory: options.baselinesDirectory)
            let compared = try baseline.map { try baselines.load($0) }
            let paths = try FigureRenderer(options: options).render(
                figure, formats: [chosen], out: out, scale: scale ?? 2, baseline: compared, baselineFile: baseline.map(baselines.path(for:)))
            paths.forEach { print($0) }
        }
    }
}
