import ReportKit

/// The report's parts in the order a reader meets them. Adding a part is a new
/// folder under Sources/Sections and one line here; the steps, figures and
/// sections of the whole report are read off this list.
enum ReportParts {
    static let all: [any ReportPart.Type] = [
        P1ModelPart.self,
        P1InitPart.self,
        P1HyperparametersPart.self,
        P1GradientCheckPart.self,
        P2CNNPart.self,
        P3TrainPart.self,
        P3TuningPart.self,
        P3SubmissionPart.self,
        P3ResNetPart.self,
        P3VisualizePart.self,
        P3ConjecturesPart.self,
        ComparisonPart.self,
        ProvenancePart.self,
    ]
}

extension StepRegistry {
    /// Every step of the report, in the order of the parts (which is also an
    /// order in which each step comes after those it depends on).
    public static let all: [RegisteredStep] = ReportParts.all.flatMap { $0.steps }
}

extension FigureRegistry {
    /// Every figure of the report, in the order they appear in it.
    public static let all: [ReportFigure] = ReportParts.all.flatMap { $0.figures }
}

extension SectionRegistry {
    /// Every section of the report, in order.
    public static let all: [ReportSection] = ReportParts.all.map { part in
        var section = part.section
        section.figures = part.figures.map(\.name)
        return section
    }
}
