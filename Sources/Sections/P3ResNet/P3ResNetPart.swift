import ReportKit

/// Section 3.4: the ResNet with and without batch normalisation.
enum P3ResNetPart: ReportPart {
    static let steps = [RegisteredStep(P3ResNetStep.self)]
    static let figures = [P3Figures.resnet]
    static let section = P3Sections.resnet
}
