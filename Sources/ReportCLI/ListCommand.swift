import ArgumentParser
import Foundation
import ReportKit
import Sections

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Lists the steps and figures with their state: fresh, stale or missing.")

    @OptionGroup var common: BuildOptionsGroup

    @Flag(help: "Machine-readable output: {\"steps\": [{id, title, state, reason}], \"figures\": [{name, summary, state, needs}]}.")
    var json = false

    struct Listing: Encodable {
        struct Step: Encodable { var id, title, state, reason: String }
        struct Figure: Encodable { var name, summary, state: String; var needs: [String] }
        var resultsDirectory: String
        var figuresDirectory: String
        var profile: String
        var seed: UInt64
        var steps: [Step]
        var figures: [Figure]
    }

    func run() throws {
        try runReportingErrors {
            let options = try common.options()
            let builder = ReportBuilder(options: options, progress: ProgressReporter(mode: .quiet))
            let renderer = FigureRenderer(options: options)
            let listing = Listing(
                resultsDirectory: options.resultsDirectory, figuresDirectory: options.figuresDirectory,
                profile: options.profile.rawValue, seed: options.seed,
                steps: zip(builder.status(), builder.steps).map { status, step in
                    .init(id: status.step, title: step.title, state: status.state.rawValue, reason: status.reason)
                },
                figures: FigureRegistry.all.map { figure in
                    .init(name: figure.name, summary: figure.summary, state: renderer.state(of: figure).rawValue,
                          needs: renderer.missingInputs(of: figure))
                })
            if json {
                print(String(decoding: try JSONCoding.encode(listing), as: UTF8.self))
            } else {
                printText(listing)
            }
        }
    }

    private func printText(_ listing: Listing) {
        print("steps (results in \(listing.resultsDirectory)/, profile \(listing.profile), seed \(listing.seed)):")
        let width = (listing.steps.map(\.id.count) + listing.figures.map(\.name.count)).max() ?? 10
        for step in listing.steps {
            let reason = step.state == "fresh" ? "" : "  (\(step.reason))"
            print("  \(pad(step.id, width))  \(pad(step.state, 7))  \(step.title)\(reason)")
        }
        print("figures (in \(listing.figuresDirectory)/):")
        for figure in listing.figures {
            let note = figure.state == "blocked" ? "  (needs \(figure.needs.joined(separator: ", ")))" : ""
            print("  \(pad(figure.name, width))  \(pad(figure.state, 7))  \(figure.summary)\(note)")
        }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
