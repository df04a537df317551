import ArgumentParser
import Foundation
import Report

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Lists the steps and figures with their state: fresh, stale or missing.")

    @OptionGroup var common: BuildOptionsGroup

    func run() throws {
        try runReportingErrors {
            let options = common.options
            let builder = ReportBuilder(options: options, progress: ProgressReporter(mode: .quiet))
            print("steps (results in \(options.resultsDirectory)/, profile \(options.profile.rawValue), seed \(options.seed)):")
            let statuses = builder.status()
            let width = (builder.steps.map(\.id.count) + FigureRegistry.all.map(\.name.count)).max() ?? 10
            for (status, step) in zip(statuses, builder.steps) {
                let reason = status.state == .fresh ? "" : "  (\(status.reason))"
                print("  \(pad(status.step, width))  \(pad(status.state.rawValue, 7))  \(step.title)\(reason)")
            }
            let renderer = FigureRenderer(options: options)
            print("figures (in \(options.figuresDirectory)/):")
            for figure in FigureRegistry.all {
                let state = renderer.state(of: figure)
                let note = state == .blocked ? "  (needs \(renderer.missingInputs(of: figure).joined(separator: ", ")))" : ""
                print("  \(pad(figure.name, width))  \(pad(state.rawValue, 7))  \(figure.summary)\(note)")
            }
        }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
