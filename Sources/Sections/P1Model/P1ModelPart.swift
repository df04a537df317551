import ReportKit

/// Section 1.1: the MLP, its layers and parameter count.
enum P1ModelPart: ReportPart {
    static let steps = [RegisteredStep(P1ModelStep.self)]
    static let section = P1Sections.model
}
