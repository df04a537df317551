import Learning
import ReportKit

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
