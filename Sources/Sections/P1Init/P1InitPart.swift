import ReportKit

/// Section 1.2: the three initialisations compared.
enum P1InitPart: ReportPart {
    static let steps = [RegisteredStep(P1InitStep.self)]
    static let figures = [P1Figures.initLoss, P1Figures.initAccuracy]
    static let section = P1Sections.initialisation
}
