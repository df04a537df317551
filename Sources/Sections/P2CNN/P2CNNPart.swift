import ReportKit

/// Problem 2: SmallVGGNet on MNIST, against the MLP.
enum P2CNNPart: ReportPart {
    static let steps = [RegisteredStep(P2CNNStep.self)]
    static let figures = [P2Figures.curves]
    static let section = P2Sections.cnn
}
