/// What a report is made of, as its parts declare it. The framework's builder,
/// assembler and readers work from a definition and know no part: the
/// coursework's is `ReportDefinition.coursework`, in the Sections module.
public struct ReportDefinition: Sendable {
    /// Every step, in an order where each comes after those it depends on.
    public var steps: [RegisteredStep]
    /// Every figure, in the order the report shows them.
    public var figures: [ReportFigure]
    /// Every section, in the report's order, which numbers them.
    public var sections: [ReportSection]
    /// Opens the data the steps read, once per build.
    public var openData: @Sendable (BuildOptions, ProgressReporter?) -> any DataSource
    /// The networks the steps train: timed for plans and run records, named in plans, sized for Slurm.
    public var networks: ReportNetworks
    /// Versions of the libraries the results depend on, as each reports it ("cairo": "1.16.0").
    public var libraryVersions: @Sendable () -> [String: String]

    public init(steps: [RegisteredStep], figures: [ReportFigure], sections: [ReportSection],
                openData: @escaping @Sendable (BuildOptions, ProgressReporter?) -> any DataSource,
                networks: ReportNetworks,
                libraryVersions: @escaping @Sendable () -> [String: String]) {
        self.steps = steps
        self.figures = figures
        self.sections = sections
        self.openData = openData
        self.networks = networks
        self.libraryVersions = libraryVersions
    }

    /// The same report with other steps (tests build with steps of their own).
    public func with(steps: [RegisteredStep]) -> ReportDefinition {
        var copy = self
        copy.steps = steps
        return copy
    }
}
