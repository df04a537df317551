import ArgumentParser
import Foundation
import Report

struct ResultsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results", abstract: "Shows the saved step results.")

    @Option(help: "Output folder for results, figures and the report.")
    var reportsDir: String = "reports"

    @Flag(help: "All saved results as one JSON object keyed by step id.")
    var json = false

    func run() throws {
        try runReportingErrors {
            let store = ResultsStore(directory: reportsDir + "/results")
            let records = try store.allRecords()
            if json {
                let data = try JSONSerialization.data(withJSONObject: records, options: [.sortedKeys, .prettyPrinted])
                print(String(decoding: data, as: UTF8.self))
                return
            }
            for id in records.keys.sorted() {
                let header = try store.header(id)
                print("\(id)\t\(header.map { "\($0.profile.rawValue)\tseed \($0.seed)\t\(String(format: "%.1fs", $0.wallSeconds))\tkey \($0.cacheKey)" } ?? "")")
            }
        }
    }
}
