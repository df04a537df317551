import Foundation

/// One section of the report: its place in the outline, a Markdown template
/// (templates/sections/<id>.md.mustache, without its heading, which the
/// assembler writes from the outline),
/// the step results it reads, the figures it shows, and how to turn saved
/// results into the values its template prints (the view model).
///
/// The assembler hands the template a `SectionEnvelope`: `missing` when a
/// result the section reads is absent (the template then says so plainly),
/// otherwise `data`, the section's view model. View models hold formatted
/// strings ("97.86 %", "973,702", "12.3 s"), Markdown tables built in code, and
/// booleans for facts the prose depends on, so every number and every claim in
/// the text comes from results.
public struct ReportSection: Sendable {
    public let id: String
    public let heading: SectionHeading
    /// Path under the templates folder, e.g. "sections/p1-init.md.mustache".
    public var template: String { "sections/\(id).md.mustache" }
    /// Ids of the steps whose saved results the section reads.
    public let reads: [String]
    /// Names of the figures it shows, in order (numbered across the report):
    /// its part's figures, which the registry fills in.
    public internal(set) var figures: [String]
    /// The view model; nil while the section has no builder yet (a placeholder).
    let view: (@Sendable (SectionContext) throws -> Any)?

    init(id: String, heading: SectionHeading, reads: [String],
         view: (@Sendable (SectionContext) throws -> Any)?) {
        self.id = id
        self.heading = heading
        self.reads = reads
        self.figures = []
        self.view = view
    }
}

/// What the template of a section receives.
struct SectionEnvelope {
    var missing: MissingResults?
    var data: Any?
    /// Every numbered section's number by id, for cross-references:
    /// "section {{sectionNumbers.p3-train}}" reads "section 3.1".
    var sectionNumbers: [String: String]
}

/// Why a section has no numbers, and what to run.
struct MissingResults {
    var steps: String
    var command: String
    var files: String
}

/// A figure as a template refers to it: `![Figure {{number}}: …]({{path}})`.
struct FigureRef {
    var number: Int
    var name: String
    /// Relative to the report: figures/<name>.png.
    var path: String
}

/// What a section's view builder may use.
final class SectionContext: @unchecked Sendable {
    let store: ResultsStore
    let figureNumbers: [String: Int]
    /// The comparison with the original's numbers, when that baseline exists.
    let comparison: BaselineComparison.Result?
    let comparisonError: String?
    /// Saved full-profile runs (other baselines) against the original.
    let fullRuns: [BaselineComparison.SavedRun]
    let provenance: ProvenanceInputs

    init(store: ResultsStore, figureNumbers: [String: Int], comparison: BaselineComparison.Result?,
         comparisonError: String?, fullRuns: [BaselineComparison.SavedRun] = [], provenance: ProvenanceInputs) {
        self.store = store
        self.figureNumbers = figureNumbers
        self.comparison = comparison
        self.comparisonError = comparisonError
        self.fullRuns = fullRuns
        self.provenance = provenance
    }

    func figure(_ name: String) -> FigureRef {
        FigureRef(number: figureNumbers[name] ?? 0, name: name, path: "figures/\(name).png")
    }
}

/// Every section of the report, in order.
public enum SectionRegistry {
}
