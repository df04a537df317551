import ReportKit

/// Section 3.1: the cats-vs-dogs VGG and its training.
enum P3TrainPart: ReportPart {
    static let steps = [RegisteredStep(P3TrainStep.self)]
    static let figures = [P3Figures.curves]
    static let section = P3Sections.train
}
