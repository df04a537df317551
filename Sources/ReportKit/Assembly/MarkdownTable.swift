
/// A Markdown table built from rows of already-formatted cells.
package struct MarkdownTable {
    package enum Alignment { case left, right, center }

    package var headers: [String]
    package var alignments: [Alignment]
    package var rows: [[String]] = []

    package init(_ columns: [(String, Alignment)]) {
        headers = columns.map(\.0)
        alignments = columns.map(\.1)
    }

    package mutating func add(_ cells: [String]) { rows.append(cells) }

    package var markdown: String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
        }
        let rule = alignments.map { alignment -> String in
            switch alignment {
            case .left: ":---"
            case .right: "---:"
            case .center: ":---:"
            }
        }
        return ([line(headers), "| " + rule.joined(separator: " | ") + " |"] + rows.map(line)).joined(separator: "\n")
    }
}
