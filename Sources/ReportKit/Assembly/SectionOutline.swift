/// Where a section stands in the report's outline. The numbers are not
/// written anywhere: they follow from the order of the sections, so adding,
/// moving or removing a part renumbers the headings and the cross-references
/// ("section 3.1") together.
public enum SectionHeading: Sendable, Equatable {
    /// Opens the next problem, "## 2 Problem 2: title", and, when given, its
    /// first numbered subsection, "### 2.1 subsection".
    case problem(String, firstSubsection: String? = nil)
    /// The next numbered subsection of the current problem, "### 2.3 title".
    case subsection(String)
    /// A section outside the problems, "## title".
    case unnumbered(String)
}

/// The headings and numbers of a list of sections, in order.
package struct SectionOutline {
    /// Each section's Markdown heading lines.
    private(set) var headings: [String: String] = [:]
    /// Each numbered section's number as prose cites it: "2", "3.1".
    private(set) var numbers: [String: String] = [:]

    package init(_ sections: [ReportSection]) {
        var problem = 0, subsection = 0
        for section in sections {
            switch section.heading {
            case .problem(let title, let first):
                problem += 1
                subsection = first == nil ? 0 : 1
                let opening = "## \(problem) Problem \(problem): \(title)"
                headings[section.id] = first.map { opening + "\n\n### \(problem).1 \($0)" } ?? opening
                numbers[section.id] = first == nil ? "\(problem)" : "\(problem).1"
            case .subsection(let title):
                precondition(problem > 0, "section \(section.id) is a subsection before any problem")
                subsection += 1
                headings[section.id] = "### \(problem).\(subsection) \(title)"
                numbers[section.id] = "\(problem).\(subsection)"
            case .unnumbered(let title):
                headings[section.id] = "## \(title)"
            }
        }
    }
}
