import ReportKit

/// Section 1.3: the hyper-parameter search.
enum P1HyperparametersPart: ReportPart {
    static let steps = [RegisteredStep(P1HyperparameterStep.self)]
    static let figures = [P1Figures.hyperValid]
    static let section = P1Sections.hyperparameters
}
