import Learning

/// A Markdown table built from rows of already-formatted cells.
struct MarkdownTable {
    enum Alignment { case left, right, center }

    var headers: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []

    init(_ columns: [(String, Alignment)]) {
        headers = columns.map(\.0)
        alignments = columns.map(\.1)
    }

    mutating func add(_ cells: [String]) { rows.append(cells) }

    var markdown: String {
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

extension MarkdownTable {
    /// Layer, output shape and parameter count of a network, activations left
    /// out (they hold no parameters), with the total in bold.
    static func layers(_ layers: [LayerSummary], total: Int) -> MarkdownTable {
        var table = MarkdownTable([("Layer", .left), ("Output (channels × height × width)", .right), ("Parameters", .right)])
        for layer in layers where layer.layer != "ReLU" {
            table.add([layer.layer, layer.outputShape.map(String.init).joined(separator: " × "), NumberFormat.count(layer.parameters)])
        }
        table.add(["**Total**", "", "**" + NumberFormat.count(total) + "**"])
        return table
    }
}
