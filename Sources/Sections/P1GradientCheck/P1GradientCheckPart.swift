import ReportKit

/// Section 1.4: the finite-difference gradient check.
enum P1GradientCheckPart: ReportPart {
    static let steps = [RegisteredStep(P1GradientCheckStep.self)]
    static let figures = [P1Figures.gradientCheck]
    static let section = P1Sections.gradientCheck
}
