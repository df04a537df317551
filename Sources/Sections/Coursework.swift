import Datasets
import Foundation
import Plot
import ReportKit
import Tensor

extension ReportDefinition {
    /// This report: the coursework's parts in order, its data, its networks and
    /// the libraries its results depend on.
    public static let coursework = ReportDefinition(
        steps: StepRegistry.all, figures: FigureRegistry.all, sections: SectionRegistry.all,
        openData: { options, progress in DataCatalog(options: options, progress: progress) },
        networks: .coursework,
        libraryVersions: { Coursework.libraryVersions })
}

enum Coursework {
    /// Each library's version as the library itself reports it, where it can
    /// (see `BLASLibrary`, `CairoLibrary`, `JPEGLibrary`).
    static var libraryVersions: [String: String] {
        ["cairo": CairoLibrary.version, "openblas": BLASLibrary.version, "libjpeg-turbo": JPEGLibrary.version ?? "unknown"]
    }
}

// The framework's entry points with this report filled in, for the command
// line and the tests.

extension ReportBuilder {
    public convenience init(options: BuildOptions, steps: [RegisteredStep] = StepRegistry.all, progress: ProgressReporter? = nil) {
        self.init(options: options, definition: ReportDefinition.coursework.with(steps: steps), progress: progress)
    }
}

extension ReportAssembler {
    public convenience init(options: BuildOptions, templatesDirectory: String, progress: ProgressReporter? = nil) throws {
        try self.init(options: options, templatesDirectory: templatesDirectory, definition: .coursework, progress: progress)
    }
}

extension StepContext {
    public convenience init(options: BuildOptions, data: DataCatalog, store: ResultsStore, progress: ProgressReporter, stepID: String) {
        self.init(options: options, data: data, store: store, progress: progress, stepID: stepID, definition: .coursework)
    }

    /// The build's data as this report's steps read it. Every build of this
    /// report opens a `DataCatalog` (`ReportDefinition.coursework`), so any
    /// other source is a programming error.
    public var data: DataCatalog {
        guard let catalog = dataSource as? DataCatalog else {
            preconditionFailure("step \(stepID) was given \(type(of: dataSource)), not the report's DataCatalog")
        }
        return catalog
    }
}

extension StepRegistry {
    public static func step(_ id: String) -> RegisteredStep? { all.first { $0.id == id } }

    public static func resolve(_ selection: [String]) throws -> [RegisteredStep] { try resolve(selection, in: all) }

    public static func matching(_ names: [String]) throws -> Set<String> { try matching(names, in: all) }
}

extension FigureRegistry {
    public static func figure(named name: String) throws -> ReportFigure { try figure(named: name, in: all) }
}

extension SavedResults {
    public static func read(store: ResultsStore, selecting names: [String] = []) throws -> [SavedResult] {
        try read(store: store, selecting: names, steps: StepRegistry.all)
    }

    public static func records(store: ResultsStore, selecting names: [String] = [], tensors: Bool) throws
        -> (records: [String: Any], problems: [String]) {
        try records(store: store, selecting: names, tensors: tensors, steps: StepRegistry.all)
    }
}

extension MetricExtractor {
    public static func snapshot(store: ResultsStore) throws -> MetricSnapshot { try snapshot(store: store, steps: StepRegistry.all) }
}

extension BaselineComparison {
    public static func run(options: BuildOptions, baseline name: String, overrides: [String: Double] = [:],
                           onlyComparable: Bool = false) throws -> Result {
        try run(options: options, baseline: name, overrides: overrides, onlyComparable: onlyComparable, steps: StepRegistry.all)
    }

    public static func save(options: BuildOptions, name: String, description: String?, overwrite: Bool) throws -> (Baseline, String) {
        try save(options: options, name: name, description: description, overwrite: overwrite, steps: StepRegistry.all)
    }
}

extension ProfileComparability {
    public init(baselineProfile: String?, current: [String: Profile]) {
        self.init(baselineProfile: baselineProfile, current: current, steps: StepRegistry.all)
    }
}

extension ProvenanceProbe {
    static func current() -> Provenance { current(libraries: Coursework.libraryVersions) }
}

extension SectionContext {
    /// The results against the original report's numbers.
    var comparison: BaselineComparison.Result? { comparison(with: ComparisonSection.baselineName).result }
    var comparisonError: String? { comparison(with: ComparisonSection.baselineName).error }
    /// Saved full-profile runs beside the original.
    var fullRuns: [BaselineComparison.SavedRun] { fullRuns(against: ComparisonSection.baselineName) }
}

extension FigureRenderer {
    public init(options: BuildOptions) { self.init(options: options, figures: FigureRegistry.all) }

    public init(store: ResultsStore, directory: String) { self.init(store: store, directory: directory, figures: FigureRegistry.all) }
}
