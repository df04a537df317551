import ReportKit

/// Section 3.5: what the network gets wrong, and what it learned.
enum P3VisualizePart: ReportPart {
    static let steps = [RegisteredStep(P3VisualizeStep.self)]
    static let figures = P3VisualizationFigures.all
    static let section = P3VisualizationSections.visualize
}
