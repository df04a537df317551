import ArgumentParser
import Report

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Runs the steps whose results are missing or stale, then assembles the report.")

    @OptionGroup var common: BuildOptionsGroup

    @Option(help: "Comma-separated steps or prefixes to build (default: all), e.g. p1 or p1.init,p1.gradcheck.")
    var steps: String?

    @Option(parsing: .upToNextOption, help: "Steps to rerun even when their saved result is up to date.")
    var force: [String] = []

    func run() throws {
        try runReportingErrors {
            let selection = steps.map { $0.split(separator: ",").map(String.init) } ?? []
            try ReportBuilder(options: common.options).build(selection: selection, force: force)
        }
    }
}
