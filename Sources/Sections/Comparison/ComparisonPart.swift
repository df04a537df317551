import ReportKit

/// The original's numbers beside the reproduced ones.
enum ComparisonPart: ReportPart {
    static let section = ComparisonSection.section
}
