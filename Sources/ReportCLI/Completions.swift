import ArgumentParser
import Foundation
import ReportKit
import Sections

/// What the shell completes (`report --generate-completion-script bash|zsh|fish`).
enum Completions {
    /// Step ids and the prefixes that select a problem's steps.
    static let stepNames: [String] = {
        let ids = StepRegistry.all.map(\.id)
        let prefixes = Set(ids.compactMap { $0.split(separator: ".").first.map(String.init) })
        return prefixes.sorted() + ids
    }()

    static let steps = CompletionKind.list(stepNames)
    static let figures = CompletionKind.list(FigureRegistry.all.map(\.name))

    /// The baselines saved in the reports folder the command line names (else the checkout's).
    @Sendable static func baselineNames(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        let named = words.firstIndex(of: "--reports-dir").flatMap { $0 + 1 < words.count ? words[$0 + 1] : nil }
        guard let reports = try? ProjectRoot.folder(named, default: "reports") else { return [] }
        return BaselineStore(directory: reports + "/baselines").names().filter { $0.hasPrefix(prefix) }
    }
}
