import ReportKit

/// Section 3.6: the original's untested claims, each tested with one run, against the seeds' spread.
enum P3ConjecturesPart: ReportPart {
    static let steps = [RegisteredStep(P3ConjecturesStep.self)]
    static let figures = [P3Figures.conjectures]
    static let section = P3Sections.conjectures
}
