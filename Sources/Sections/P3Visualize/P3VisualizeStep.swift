import ReportKit
import Datasets
import Foundation
import Learning
import Tensor

/// Problem 3's visualisations: what the trained VGG gets wrong on the
/// validation photos, and what its kernels and first feature maps look like.
struct P3VisualizeStep: ReportStep {
    static let id = "p3.visualize"
    static let title = "Problem 3 — visualisations"
    static let dependencies = [P3TrainStep.id]
    /// 2: tensors saved as base64 float32.
    static let codeVersion = 2
    static let inputs: [DataInput] = [.catdog]

    struct Config: Codable, Sendable {
        var perClass: Int
        /// File name of the photo whose first-layer feature maps are shown.
        var image: String
        var reliabilityBins: Int
        /// Top-left block of the last convolution's kernels that is shown.
        var lastLayerBlock: Int
    }

    /// A photo with what the network said about it; pixels are base64 RGB bytes (HWC).
    struct ShownImage: Codable, Sendable {
        var name: String
        var label: String
        var probabilities: [Double]
        var side: Int
        var pixels: String
    }

    /// A tensor saved as its shape and values. The values are stored as base64
    /// little-endian float32, not as JSON numbers: the 131,072 feature-map values
    /// would otherwise make the result file three times larger.
    struct Array4: Codable, Sendable {
        var shape: [Int]
        var values: [Float]

        init(shape: [Int], values: [Float]) {
            self.shape = shape
            self.values = values
        }

        enum CodingKeys: String, CodingKey { case shape, float32 }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            shape = try container.decode([Int].self, forKey: .shape)
            // The shape comes from a file: a zero, negative or overflowing product is a
            // damaged result (stale, so rerun), never a trap in the figures that index by it.
            guard !shape.isEmpty, shape.allSatisfy({ $0 > 0 }), let count = elementCount(shape, itemSize: 4) else {
                throw DecodingError.dataCorruptedError(forKey: .shape, in: container, debugDescription: "not a tensor shape: \(shape)")
            }
            let text = try container.decode(String.self, forKey: .float32)
            guard let bytes = Data(base64Encoded: text), bytes.count == 4 * count else {
                throw DecodingError.dataCorruptedError(
                    forKey: .float32, in: container, debugDescription: "not \(count) base64 float32 values")
            }
            values = bytes.withUnsafeBytes { raw in
                (0..<(bytes.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
            }
        }

        /// The shape, checked to have `rank` dimensions (the figures index them).
        func dimensions(_ rank: Int, of field: String) throws -> [Int] {
            guard shape.count == rank else {
                throw ReportError("\(P3VisualizeStep.id) result: \(field) has shape \(shape), expected \(rank) dimensions; run `report build --force \(P3VisualizeStep.id)`")
            }
            return shape
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(shape, forKey: .shape)
            var bytes = Data(capacity: 4 * values.count)
            for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
            try container.encode(bytes.base64EncodedString(), forKey: .float32)
        }
    }

    struct Output: Codable, Sendable {
        var classes: [String]
        var confusing: [[ShownImage]]
        var misclassified: [[ShownImage]]
        var firstLayerKernels: Array4
        var lastLayerKernels: Array4
        var lastLayerShape: [Int]
        var featureMapImage: ShownImage
        var featureMaps: Array4
        var confusion: [[Int]]
        var reliability: [P3Selection.ReliabilityBin]
        var expectedCalibrationError: Double
        var validAccuracy: Double
        var validCount: Int
    }

    func config(for options: BuildOptions) -> Config {
        Config(perClass: 5, image: options.visualizedImage ?? "3702.Cat.jpg", reliabilityBins: 10, lastLayerBlock: 20)
    }

    func run(_ config: Config, context: StepContext) throws -> Output {
        let trained = try context.output(of: P3TrainStep.self)
        var rng = context.rng("unused")
        let model = CatDogModels.make(trained.run.config, rng: &rng)
        let weightsPath = context.options.reportsDirectory + "/" + trained.weightsFile
        try ModelFile.load(into: model, from: weightsPath)
        let data = try context.data.catdog()
        let split = try CatDogSplit(data, context: context, subset: P3Schedule.forProfile(context.options.profile).subset)
        let valid = split.valid
        let probabilities = predictImages(model, valid)
        // Every selection below sorts and bins these; NaN would make them meaningless (or trap).
        guard probabilities.scalars.allSatisfy(\.isFinite) else {
            throw ReportError(
                "\(weightsPath): these weights give non-finite probabilities, so the training that saved them diverged; lower the learning rate and run `report build --force p3.train`")
        }
        let classes = data.train.classes
        let scored = (0..<valid.count).map { i in
            P3Selection.Scored(
                index: i, name: valid.names[i], label: valid.labels[i],
                probabilities: (0..<classes.count).map { Double(probabilities[i, $0]) })
        }
        func show(_ item: P3Selection.Scored) -> ShownImage {
            ShownImage(name: item.name, label: classes[item.label], probabilities: item.probabilities,
                       side: valid.side, pixels: Data(valid.image(item.index).pixels).base64EncodedString())
        }
        let (bins, ece) = P3Selection.reliability(scored, bins: config.reliabilityBins, lowest: 1 / Double(classes.count))
        let convolutions = model.layers.filter { $0.parameters.first?.value.rank == 4 }
        let first = convolutions.first!.parameters[0].value, last = convolutions.last!.parameters[0].value
        let (featureImage, maps) = try featureMaps(
            model, config: config, split: split, data: data, classes: classes, named: context.options.visualizedImage != nil)
        let correct = scored.filter { $0.predicted == $0.label }.count
        return Output(
            classes: classes,
            confusing: classes.indices.map { c in P3Selection.mostConfusing(scored, label: c, count: config.perClass).map(show) },
            misclassified: classes.indices.map { c in P3Selection.mostMisclassified(scored, label: c, count: config.perClass).map(show) },
            firstLayerKernels: Array4(shape: first.shape, values: first.scalars),
            lastLayerKernels: block(last, size: config.lastLayerBlock), lastLayerShape: last.shape,
            featureMapImage: featureImage, featureMaps: maps,
            confusion: P3Selection.confusionMatrix(scored, classes: classes.count),
            reliability: bins, expectedCalibrationError: ece,
            validAccuracy: Double(correct) / Double(max(scored.count, 1)), validCount: scored.count)
    }

    /// kernels[0..<size, 0..<size, :, :] of a [out, in, kh, kw] weight.
    private func block(_ weight: Tensor<Float>, size: Int) -> Array4 {
        let (o, i, kh, kw) = (min(size, weight.shape[0]), min(size, weight.shape[1]), weight.shape[2], weight.shape[3])
        var values: [Float] = []
        for a in 0..<o { for b in 0..<i { for y in 0..<kh { for x in 0..<kw { values.append(weight[a, b, y, x]) } } } }
        return Array4(shape: [o, i, kh, kw], values: values)
    }

    /// The first convolution's output (before its ReLU) for the chosen photo:
    /// the default one when it is in the labelled set, else the first validation
    /// photo; a photo the user `named` must be there (it may be undecodable, hence skipped).
    private func featureMaps(
        _ model: Sequential<Float>, config: Config, split: CatDogSplit, data: CatDogData, classes: [String], named: Bool
    ) throws -> (ShownImage, Array4) {
        let set = data.train
        if named && !set.names.contains(config.image) {
            throw ReportError("--image \(config.image): not among the labelled photos that load (missing, or skipped as undecodable)")
        }
        let index = set.names.firstIndex(of: config.image) ?? set.names.firstIndex(of: split.valid.names[0])!
        var unused = SeededGenerator(seed: 0)
        let input = set.batch([index], augmentation: .none, rng: &unused).reshaped([1] + model.inputShape)
        // Before the ReLU, whether or not the layer has it fused.
        let first = model.layers[0]
        let maps = (first as? Conv2D<Float>)?.preActivation(input) ?? first.forward(input, training: false)
        let p = predictImages(model, set.subset([index]))
        let image = ShownImage(
            name: set.names[index], label: classes[set.labels[index]], probabilities: p.scalars.map(Double.init),
            side: set.side, pixels: Data(set.image(index).pixels).base64EncodedString())
        return (image, Array4(shape: Array(maps.shape.dropFirst()), values: maps.scalars))
    }
}
