import ReportKit

/// How the report was made: code, machine, data and each step's result.
enum ProvenancePart: ReportPart {
    static let section = ProvenanceSection.section
}
