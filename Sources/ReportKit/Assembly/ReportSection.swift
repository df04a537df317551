import Foundation

/// One section of the report: its place in the outline, a Markdown template
/// (templates/sections/<id>.md.mustache, without its heading, which the
/// assembler writes from the outline), the step results it reads, the figures
/// it shows, and how to turn saved results into the values its template prints
/// (the view model).
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
    public package(set) var figures: [String]
    /// The view model; nil while the section has no builder yet (a placeholder).
    package let view: (@Sendable (SectionContext) throws -> Any)?

    package init(id: String, heading: SectionHeading, reads: [String],
                 view: (@Sendable (SectionContext) throws -> Any)?) {
        self.id = id
        self.heading = heading
        self.reads = reads
        self.figures = []
        self.view = view
    }
}

/// What the template of a section receives.
package struct SectionEnvelope {
    package var missing: MissingResults?
    package var data: Any?
    /// Every numbered section's number by id, for cross-references:
    /// "section {{sectionNumbers.p3-train}}" reads "section 3.1".
    package var sectionNumbers: [String: String]
}

/// Why a section has no numbers, and what to run.
package struct MissingResults {
    package var steps: String
    package var command: String
    package var files: String
}

/// A figure as a template refers to it: `![Figure {{number}}: …]({{path}})`.
package struct FigureRef {
    package var number: Int
    package var name: String
    /// Relative to the report: figures/<name>.png.
    package var path: String
}

/// What a section's view builder may use: the saved results, the figures'
/// numbers, the provenance inputs, and a baselines service that compares the
/// results with a saved baseline when a section asks (once per baseline).
package final class SectionContext: @unchecked Sendable {
    package let store: ResultsStore
    package let figureNumbers: [String: Int]
    package let provenance: ProvenanceInputs
    private let options: BuildOptions
    private let progress: ProgressReporter?
    private let lock = NSLock()
    private var comparisons: [String: (result: BaselineComparison.Result?, error: String?)] = [:]
    private var savedRuns: [String: [BaselineComparison.SavedRun]] = [:]

    package init(store: ResultsStore, figureNumbers: [String: Int], options: BuildOptions,
                 provenance: ProvenanceInputs, progress: ProgressReporter? = nil) {
        self.store = store
        self.figureNumbers = figureNumbers
        self.options = options
        self.provenance = provenance
        self.progress = progress
    }

    package func figure(_ name: String) -> FigureRef {
        FigureRef(number: figureNumbers[name] ?? 0, name: name, path: "figures/\(name).png")
    }

    /// The saved runs of a step, whose headers name the machines that trained
    /// them: a step's own result names only the machine that assembled it.
    package func runHeaders(of step: RegisteredStep) -> [RunHeader] {
        let runStore = RunStore(reportsDirectory: options.reportsDirectory)
        return step.runs(options).compactMap { runStore.header(step: step.id, run: $0.id) }
    }

    /// The current results against the baseline `name`, or why there is no comparison.
    package func comparison(with name: String) -> (result: BaselineComparison.Result?, error: String?) {
        lock.withLock {
            if let known = comparisons[name] { return known }
            let compared = compare(with: name)
            comparisons[name] = compared
            return compared
        }
    }

    /// The saved full-profile runs (other baselines), beside the baseline `name`.
    package func fullRuns(against name: String) -> [BaselineComparison.SavedRun] {
        guard let baseline = comparison(with: name).result?.baseline else { return [] }
        return lock.withLock {
            if let known = savedRuns[name] { return known }
            var runs: [BaselineComparison.SavedRun] = []
            do {
                runs = try BaselineComparison.savedFullRuns(options: options, against: baseline)
            } catch {
                progress?.log("warning: \(ReportError.describing(error)); the saved full-profile runs are left out")
            }
            savedRuns[name] = runs
            return runs
        }
    }

    private func compare(with name: String) -> (result: BaselineComparison.Result?, error: String?) {
        guard BaselineStore(directory: options.baselinesDirectory).exists(name) else {
            return (nil, "no baseline named '\(name)' in \(options.baselinesDirectory)/")
        }
        do {
            return (try BaselineComparison.run(options: options, baseline: name, steps: provenance.steps), nil)
        } catch {
            let problem = ReportError.describing(error)
            progress?.log("warning: \(problem); the report says so instead of comparing")
            return (nil, problem)
        }
    }
}

/// Every section of the report, in order.
public enum SectionRegistry {
}

/// What the provenance section is made from, gathered by the assembler. It
/// holds nothing of the assembly itself (no clock, no machine, no cache
/// decisions): a report rebuilt from the same results and code is the same file.
package struct ProvenanceInputs {
    package var codeCommit: String
    package var codeDirty: Bool
    package var steps: [RegisteredStep]
}
