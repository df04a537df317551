import ReportKit

/// Section 3.2: one hyper-parameter changed at a time.
enum P3TuningPart: ReportPart {
    static let steps = [RegisteredStep(P3TuningStep.self)]
    static let figures = [P3Figures.tuning]
    static let section = P3Sections.tuning
}
