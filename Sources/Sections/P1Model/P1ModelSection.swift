import ReportKit
import Foundation
import Learning

extension P1Sections {
    // MARK: 1.1 The model

    struct ModelView {
        var architecture: String
        var inputs: String
        var hidden: String
        var hiddenLayers: String
        /// All hidden layers have the same width.
        var hiddenEqual: Bool
        var hiddenWidth: String
        var classes: String
        var totalParameters: String
        var withinRange: Bool
        /// The assignment's parameter budget, "0.5 to 1 million".
        var budget: String
        /// The digit's side, "28×28", from the input count (the images are square).
        var imageSize: String
        var layerTable: String
    }

    /// The range of parameter counts the assignment allows.
    static let parameterBudget = 500_000...1_000_000

    static func budgetText(_ range: ClosedRange<Int>) -> String {
        "\(NumberFormat.plain(Double(range.lowerBound) / 1e6)) to \(NumberFormat.plain(Double(range.upperBound) / 1e6)) million"
    }

    static func squareSide(_ pixels: Int) -> String {
        let side = Int(Double(pixels).squareRoot().rounded())
        return "\(side)×\(side)"
    }

    static let model = ReportSection(
        id: "p1-model", heading: .problem("a multilayer perceptron on MNIST", firstSubsection: "The model"), reads: [P1ModelStep.id]
    ) { context in
        let output = try context.store.load(P1ModelStep.self).output
        let dense = denseShapes(output.layers)
        var table = MarkdownTable([("Layer", .left), ("Output", .right), ("Parameters", .left), ("Count", .right)])
        var denseIndex = 0
        for layer in output.layers {
            let shape = layer.outputShape.map(String.init).joined(separator: "×")
            if layer.parameters > 0, denseIndex < dense.count {
                let (fanIn, fanOut) = dense[denseIndex]
                denseIndex += 1
                table.add(["fc\(denseIndex): \(layer.layer)", shape, "(\(fanIn) + 1) × \(fanOut)", NumberFormat.count(layer.parameters)])
            } else {
                table.add([layer.layer, shape, "—", NumberFormat.count(layer.parameters)])
            }
        }
        table.add(["**Total**", "", "", "**" + NumberFormat.count(output.totalParameters) + "**"])
        let sizes = (dense.first.map { [$0.0] } ?? []) + dense.map(\.1)
        return ModelView(
            architecture: sizes.map(String.init).joined(separator: " → "),
            inputs: dense.first.map { String($0.0) } ?? "?",
            hidden: dense.dropLast().map { String($0.1) }.joined(separator: " and "),
            hiddenLayers: String(max(0, dense.count - 1)),
            hiddenEqual: Set(dense.dropLast().map(\.1)).count == 1,
            hiddenWidth: dense.first.map { String($0.1) } ?? "?",
            classes: dense.last.map { String($0.1) } ?? "?",
            totalParameters: NumberFormat.count(output.totalParameters),
            withinRange: parameterBudget.contains(output.totalParameters), budget: budgetText(parameterBudget),
            imageSize: dense.first.map { squareSide($0.0) } ?? "?",
            layerTable: table.markdown)
    }

    /// (fan-in, fan-out) of each layer with parameters: a dense layer with n
    /// outputs has (fanIn + 1) × n parameters.
    static func denseShapes(_ layers: [LayerSummary]) -> [(Int, Int)] {
        layers.filter { $0.parameters > 0 }.map { layer in
            let fanOut = layer.outputShape.last ?? 1
            return (layer.parameters / max(fanOut, 1) - 1, fanOut)
        }
    }
}
