import Learning
import Tensor
import XCTest

/// Conv2D against the naive 7-loop reference, for both kernels and many shapes.
final class ConvolutionTests: XCTestCase {
    static let specs: [Naive.Spec] = [
        .init(n: 2, cin: 3, cout: 4, h: 7, w: 9, kh: 3, kw: 3, py: 1, px: 1),
        .init(n: 1, cin: 2, cout: 3, h: 8, w: 8, kh: 3, kw: 3),                       // padding 0, batch 1
        .init(n: 3, cin: 1, cout: 2, h: 5, w: 6, kh: 3, kw: 3, py: 3, px: 3),         // padding 3
        .init(n: 2, cin: 3, cout: 2, h: 9, w: 7, kh: 3, kw: 3, sy: 2, sx: 2, py: 1, px: 1), // stride 2
        .init(n: 2, cin: 4, cout: 3, h: 6, w: 5, kh: 1, kw: 1),                       // 1×1
        .init(n: 1, cin: 3, cout: 5, h: 6, w: 10, kh: 1, kw: 1, sy: 2, sx: 1),        // strided 1×1
        .init(n: 2, cin: 2, cout: 3, h: 11, w: 8, kh: 5, kw: 3, sy: 2, sx: 1, py: 2, px: 0), // non-square kernel
        .init(n: 3, cin: 9, cout: 5, h: 5, w: 4, kh: 3, kw: 3, py: 1, px: 1),         // odd output size
        .init(n: 2, cin: 8, cout: 6, h: 4, w: 7, kh: 3, kw: 3, py: 2, px: 0),         // uneven padding
    ]

    private func layer(_ s: Naive.Spec, _ algorithm: Conv2D<Double>.Algorithm, rng: inout SeededGenerator) -> Conv2D<Double> {
        let conv = Conv2D<Double>(
            inputChannels: s.cin, outputChannels: s.cout, kernelHeight: s.kh, kernelWidth: s.kw,
            strideY: s.sy, strideX: s.sx, paddingY: s.py, paddingX: s.px, initializer: .normal,
            algorithm: algorithm, rng: &rng)
        conv.bias.value = Tensor.normal(shape: [s.cout], using: &rng)
        return conv
    }

    private func algorithms(_ s: Naive.Spec) -> [Conv2D<Double>.Algorithm] {
        s.kh == 3 && s.kw == 3 && s.sy == 1 && s.sx == 1 ? [.im2col, .winograd2x2, .winograd4x4] : [.im2col]
    }

    /// Winograd computes products up to `smallProductLimit` multiply-adds at
    /// β = 0 and larger ones into zeroed storage; the specs here are small,
    /// so each test also runs with the limit at 0, which sends every product
    /// down the second path.
    private func forEachProductPath(_ body: () -> Void) {
        let saved = WinogradConvolution.smallProductLimit
        defer { WinogradConvolution.smallProductLimit = saved }
        for limit in [saved, 0] {
            WinogradConvolution.smallProductLimit = limit
            body()
        }
    }

    func testForwardMatchesNaiveReference() { forEachProductPath(forwardMatchesNaiveReference) }

    func testGradientsMatchNaiveReference() { forEachProductPath(gradientsMatchNaiveReference) }

    private func forwardMatchesNaiveReference() {
        var rng = SeededGenerator(seed: 21)
        for s in Self.specs {
            for algorithm in algorithms(s) {
                for threads in [1, 2] {
                    let conv = layer(s, algorithm, rng: &rng)
                    conv.threads = threads
                    let x = Tensor<Double>.uniform(shape: [s.n, s.cin, s.h, s.w], low: -1, high: 1, using: &rng)
                    let y = conv.forward(x, training: false)
                    let expected = Naive.convolution(x, conv.weight.value, conv.bias.value, s)
                    XCTAssertEqual(y.shape, expected.shape, "\(s)")
                    XCTAssertLessThan(y.maxDifference(expected), 1e-12, "\(s) \(algorithm) threads \(threads)")
                    XCTAssertEqual(conv.outputShape(for: [s.cin, s.h, s.w]), [s.cout, s.ho, s.wo])
                }
            }
        }
    }

    private func gradientsMatchNaiveReference() {
        var rng = SeededGenerator(seed: 22)
        for s in Self.specs {
            for algorithm in algorithms(s) {
                for threads in [1, 2] {
                    let conv = layer(s, algorithm, rng: &rng)
                    conv.threads = threads
                    let x = Tensor<Double>.uniform(shape: [s.n, s.cin, s.h, s.w], low: -1, high: 1, using: &rng)
                    let dy = Tensor<Double>.uniform(shape: [s.n, s.cout, s.ho, s.wo], low: -1, high: 1, using: &rng)
                    _ = conv.forward(x, training: true)
                    let dx = conv.backward(dy, needsInputGradient: true)!
                    let expected = Naive.convolutionGradients(x, conv.weight.value, dy, s)
                    let label = "\(s) \(algorithm) threads \(threads)"
                    XCTAssertLessThan(dx.maxDifference(expected.dx), 1e-12, label)
                    XCTAssertLessThan(conv.weight.gradient.maxDifference(expected.dw), 1e-11, label)
                    XCTAssertLessThan(conv.bias.gradient.maxDifference(expected.db), 1e-12, label)
                    // Without the input gradient the parameter gradients are the same.
                    _ = conv.forward(x, training: true)
                    XCTAssertNil(conv.backward(dy, needsInputGradient: false))
                    XCTAssertLessThan(conv.weight.gradient.maxDifference(expected.dw), 1e-11, label)
                }
            }
        }
    }

    /// A layer that keeps the transformed inputs of its training forward pass
    /// and one that transforms them again in the backward pass give the same
    /// gradients bit for bit; only the kept memory differs. So does a second
    /// backward pass of the caching layer, which recomputes them.
    func testCachedAndRecomputedTransformedInputsAgree() {
        for algorithm in [Conv2D<Float>.Algorithm.winograd2x2, .winograd4x4] {
            for relu in [false, true] {
                func layer(caching: Bool) -> Conv2D<Float> {
                    var settings = Conv2D<Float>.Settings()
                    settings.transformedInputCacheLimit = caching ? .max : 0
                    var rng = SeededGenerator(seed: 24)
                    return Conv2D<Float>(inputChannels: 5, outputChannels: 6, kernelSize: 3, padding: 1, algorithm: algorithm,
                                         relu: relu, settings: settings, rng: &rng)
                }
                var rng = SeededGenerator(seed: 25)
                let x = Tensor<Float>.uniform(shape: [3, 5, 9, 13], low: -1, high: 1, using: &rng)
                let dy = Tensor<Float>.uniform(shape: [3, 6, 9, 13], low: -1, high: 1, using: &rng)
                let caching = layer(caching: true), recomputing = layer(caching: false)
                XCTAssertEqual(caching.forward(x, training: true), recomputing.forward(x, training: true))
                XCTAssertGreaterThan(caching.transformedInputCacheBytes, 0)
                XCTAssertEqual(recomputing.transformedInputCacheBytes, 0)
                let cached = caching.backward(dy, needsInputGradient: true)!
                XCTAssertEqual(cached, recomputing.backward(dy, needsInputGradient: true)!, "\(algorithm), relu \(relu)")
                XCTAssertEqual(caching.weight.gradient, recomputing.weight.gradient, "\(algorithm), relu \(relu)")
                XCTAssertEqual(caching.bias.gradient, recomputing.bias.gradient, "\(algorithm), relu \(relu)")
                XCTAssertEqual(cached, caching.backward(dy, needsInputGradient: true)!, "a second backward pass recomputes")
            }
        }
    }

    /// A forward pass that keeps no transformed inputs cuts its samples into
    /// smaller groups (`forwardTargetTiles`) than one that keeps them for the
    /// backward pass; the outputs agree bit for bit. With 20 samples a slice
    /// the two groupings differ (F(4×4): 20 samples against 8, 8 and 4), at
    /// the networks' channel counts up to the limit, and at 64 channels the
    /// products move between OpenBLAS's blocked and small-matrix paths
    /// (1.3 M multiply-adds a group against 0.5 M).
    func testForwardGroupingLeavesOutputsUnchanged() {
        let slice = 20, samples = slice * Conv2D<Float>.chunkCount
        for channels in [16, 64, WinogradConvolution.regroupedInputChannelLimit] {
            var rng = SeededGenerator(seed: 27)
            let x = Tensor<Float>.uniform(shape: [samples, channels, 16, 16], low: -1, high: 1, using: &rng)
            for algorithm in [Conv2D<Float>.Algorithm.winograd2x2, .winograd4x4] {
                var settings = Conv2D<Float>.Settings()
                settings.transformedInputCacheLimit = .max
                let conv = Conv2D<Float>(
                    inputChannels: channels, outputChannels: channels, kernelSize: 3, padding: 1, algorithm: algorithm,
                    relu: true, settings: settings, rng: &rng)
                let g = conv.geometry(height: 16, width: 16), variant: WinogradVariant = algorithm == .winograd2x2 ? .f2x3 : .f4x3
                XCTAssertLessThan(
                    WinogradConvolution.forwardGroupSize(g, variant, samples: slice),
                    WinogradConvolution.groupSize(g, variant, samples: slice))
                let keeping = conv.forward(x, training: true)
                XCTAssertGreaterThan(conv.transformedInputCacheBytes, 0)
                XCTAssertEqual(keeping, conv.forward(x, training: false), "\(channels) channels, \(algorithm)")
            }
        }
        var rng = SeededGenerator(seed: 28)
        let wide = Conv2D<Float>(inputChannels: 257, outputChannels: 4, kernelSize: 3, padding: 1, rng: &rng)
        let g = wide.geometry(height: 16, width: 16)
        XCTAssertEqual(
            WinogradConvolution.forwardGroupSize(g, .f4x3, samples: 64), WinogradConvolution.groupSize(g, .f4x3, samples: 64),
            "past the limit the forward pass keeps the training grouping")
    }

    /// A training forward pass that runs smaller groups than its backward pass
    /// allocates the scratch buffers the backward pass needs, so that pass
    /// grows none of them (growing them there left the smaller ones in the
    /// allocator and raised the peak memory).
    func testTrainingForwardReservesTheBackwardScratch() {
        for algorithm in [Conv2D<Float>.Algorithm.winograd2x2, .winograd4x4] {
            var settings = Conv2D<Float>.Settings()
            settings.transformedInputCacheLimit = 0
            var rng = SeededGenerator(seed: 29)
            let conv = Conv2D<Float>(
                inputChannels: 16, outputChannels: 8, kernelSize: 3, padding: 1, algorithm: algorithm,
                settings: settings, rng: &rng)
            // 20 samples a slice: the backward pass runs them in one group, the forward pass in smaller ones.
            let n = 20 * Conv2D<Float>.chunkCount, g = conv.geometry(height: 16, width: 16)
            let variant: WinogradVariant = algorithm == .winograd2x2 ? .f2x3 : .f4x3
            XCTAssertLessThan(
                WinogradConvolution.forwardGroupSize(g, variant, samples: 20), WinogradConvolution.groupSize(g, variant, samples: 20))
            let x = Tensor<Float>.uniform(shape: [n, 16, 16, 16], low: -1, high: 1, using: &rng)
            _ = conv.forward(x, training: true)
            let reserved = conv.scratchBytes
            _ = conv.backward(Tensor<Float>(repeating: 1, shape: [n, 8, 16, 16]), needsInputGradient: true)
            // What the backward pass adds: only its per-slice weight- and bias-gradient accumulators.
            let accumulators = Conv2D<Float>.chunkCount * (WinogradConvolution.transformedWeightCount(g, variant) + 8)
            XCTAssertEqual(conv.scratchBytes, reserved + accumulators * MemoryLayout<Float>.stride, "\(algorithm)")
        }
    }

    /// The backward pass differentiates the function its forward pass computed:
    /// weights changed in between (nothing in training does that) do not leak
    /// into the input gradient, since the forward pass's transformed weights
    /// are reused rather than transformed again.
    func testBackwardUsesTheWeightsOfItsForwardPass() {
        for algorithm in [Conv2D<Double>.Algorithm.winograd2x2, .winograd4x4, .im2col] {
            var a = SeededGenerator(seed: 26), b = SeededGenerator(seed: 26)
            let moved = Conv2D<Double>(inputChannels: 4, outputChannels: 3, kernelSize: 3, padding: 1, algorithm: algorithm, rng: &a)
            let still = Conv2D<Double>(inputChannels: 4, outputChannels: 3, kernelSize: 3, padding: 1, algorithm: algorithm, rng: &b)
            var rng = SeededGenerator(seed: 27)
            let x = Tensor<Double>.uniform(shape: [2, 4, 8, 8], low: -1, high: 1, using: &rng)
            let dy = Tensor<Double>.uniform(shape: [2, 3, 8, 8], low: -1, high: 1, using: &rng)
            XCTAssertEqual(moved.forward(x, training: true), still.forward(x, training: true))
            if algorithm == .im2col { continue }  // im2col multiplies by the weights themselves
            moved.weight.value = moved.weight.value.map { $0 * 2 }
            XCTAssertEqual(moved.backward(dy, needsInputGradient: true), still.backward(dy, needsInputGradient: true), "\(algorithm)")
        }
    }

    /// By default a layer keeps no transformed inputs, however small; with a
    /// limit it keeps them only up to the limit (F(4×4) keeps 36 values per
    /// 4×4 output tile of every input channel).
    func testTransformedInputsAreKeptOnlyUnderTheLimit() {
        var rng = SeededGenerator(seed: 26)
        let byDefault = Conv2D<Float>(inputChannels: 4, outputChannels: 4, kernelSize: 3, padding: 1, algorithm: .winograd4x4, rng: &rng)
        _ = byDefault.forward(Tensor<Float>(zeros: [2, 4, 8, 8]), training: true)
        XCTAssertEqual(byDefault.transformedInputCacheBytes, 0)
        var settings = Conv2D<Float>.Settings()
        settings.transformedInputCacheLimit = 16 << 20
        let limited = Conv2D<Float>(
            inputChannels: 4, outputChannels: 4, kernelSize: 3, padding: 1, algorithm: .winograd4x4, settings: settings, rng: &rng)
        // 2 samples of 4 channels at 8×8: a few kilobytes, kept.
        _ = limited.forward(Tensor<Float>(zeros: [2, 4, 8, 8]), training: true)
        XCTAssertGreaterThan(limited.transformedInputCacheBytes, 0)
        // 128 samples × 4 channels × 16 × 16 tiles × 36 values × 4 bytes = 18.9 MB: transformed again instead.
        _ = limited.forward(Tensor<Float>(zeros: [128, 4, 64, 64]), training: true)
        XCTAssertEqual(limited.transformedInputCacheBytes, 0)
    }

    /// Float results of the two kernels agree with the Double reference to Float precision.
    func testFloatKernelsAgree() {
        var rng = SeededGenerator(seed: 23)
        let s = Naive.Spec(n: 2, cin: 8, cout: 4, h: 11, w: 21, kh: 3, kw: 3, py: 1, px: 1)
        let reference = layer(s, .im2col, rng: &rng)
        let x = Tensor<Double>.uniform(shape: [s.n, s.cin, s.h, s.w], low: -1, high: 1, using: &rng)
        let dy = Tensor<Double>.uniform(shape: [s.n, s.cout, s.ho, s.wo], low: -1, high: 1, using: &rng)
        let expectedY = Naive.convolution(x, reference.weight.value, reference.bias.value, s)
        let expected = Naive.convolutionGradients(x, reference.weight.value, dy, s)
        for algorithm in [Conv2D<Float>.Algorithm.im2col, .winograd2x2, .winograd4x4] {
            var seedless = SeededGenerator(seed: 0)
            let conv = Conv2D<Float>(inputChannels: 8, outputChannels: 4, kernelSize: 3, padding: 1, algorithm: algorithm, rng: &seedless)
            conv.weight.value = reference.weight.value.converted()
            conv.bias.value = reference.bias.value.converted()
            let y = conv.forward(x.converted(), training: true).converted(to: Double.self)
            let dx = conv.backward(dy.converted(), needsInputGradient: true)!.converted(to: Double.self)
            XCTAssertLessThan(y.maxDifference(expectedY), 1e-4, "\(algorithm)")
            XCTAssertLessThan(dx.maxDifference(expected.dx), 1e-4, "\(algorithm)")
            XCTAssertLessThan(conv.weight.gradient.converted(to: Double.self).maxDifference(expected.dw), 1e-3, "\(algorithm)")
        }
    }

    func testDescriptionsAndShapes() {
        var rng = SeededGenerator(seed: 0)
        XCTAssertEqual(Conv2D<Float>(inputChannels: 16, outputChannels: 32, kernelSize: 3, padding: 1, rng: &rng).description, "Conv 16→32 3×3 pad 1")
        XCTAssertEqual(Conv2D<Float>(inputChannels: 3, outputChannels: 8, kernelSize: 5, stride: 2, rng: &rng).description, "Conv 3→8 5×5 stride 2")
        XCTAssertEqual(MaxPool2D<Float>(size: 2).description, "MaxPool 2×2")
        XCTAssertEqual(MaxPool2D<Float>(size: 3, stride: 2).description, "MaxPool 3×3 stride 2")
        XCTAssertEqual(MaxPool2D<Float>(size: 2).outputShape(for: [16, 32, 32]), [16, 16, 16])
        XCTAssertEqual(MaxPool2D<Float>(size: 3, stride: 2).outputShape(for: [4, 7, 8]), [4, 3, 3])
        XCTAssertEqual(Conv2D<Float>(inputChannels: 3, outputChannels: 8, kernelSize: 5, stride: 2, rng: &rng).outputShape(for: [3, 11, 12]), [8, 4, 4])
    }

    /// Glorot for kernels: U(−a, a) with a = √(6 / (cin·kh·kw + cout·kh·kw)).
    func testGlorotKernelBound() {
        var rng = SeededGenerator(seed: 5)
        let conv = Conv2D<Double>(inputChannels: 16, outputChannels: 32, kernelSize: 3, padding: 1, rng: &rng)
        let limit = (6.0 / Double(16 * 9 + 32 * 9)).squareRoot()
        XCTAssertEqual(conv.weight.value.shape, [32, 16, 3, 3])
        XCTAssertLessThanOrEqual(conv.weight.value.maxAbs, limit)
        XCTAssertGreaterThan(conv.weight.value.maxAbs, 0.95 * limit)
        XCTAssertEqual(conv.bias.value.scalars, Array(repeating: 0, count: 32))
        let mean = conv.weight.value.sum() / Double(conv.weight.value.count)
        XCTAssertEqual(mean, 0, accuracy: 0.01)
    }
}

final class MaxPoolTests: XCTestCase {
    func testForwardAndBackwardMatchNaive() {
        var rng = SeededGenerator(seed: 31)
        for (kh, kw, sy, sx, h, w) in [(2, 2, 2, 2, 8, 6), (2, 2, 2, 2, 7, 5), (3, 3, 2, 2, 9, 8), (3, 2, 1, 2, 6, 7)] {
            for threads in [1, 2] {
                let pool = MaxPool2D<Double>(windowHeight: kh, windowWidth: kw, strideY: sy, strideX: sx)
                pool.threads = threads
                let x = Tensor<Double>.uniform(shape: [2, 3, h, w], low: -1, high: 1, using: &rng)
                let (expected, chosen) = Naive.maxPool(x, kh: kh, kw: kw, sy: sy, sx: sx)
                let y = pool.forward(x, training: true)
                XCTAssertEqual(y, expected)
                let dy = Tensor<Double>.uniform(shape: y.shape, low: -1, high: 1, using: &rng)
                let dx = pool.backward(dy, needsInputGradient: true)!
                var expectedDx = Tensor<Double>(zeros: x.shape)
                for (i, index) in chosen.enumerated() { expectedDx.scalars[index] += dy.scalars[i] }
                XCTAssertLessThan(dx.maxDifference(expectedDx), 1e-15, "\(kh)×\(kw) stride \(sy),\(sx)")
            }
        }
    }

    /// The Float 2×2 path (vectorised four outputs at a time) against the Double reference, with ties.
    func testFloatTwoByTwoMatchesNaiveWithTies() {
        var rng = SeededGenerator(seed: 32)
        // Values on a coarse grid so that windows often hold equal maxima.
        let x = Tensor<Double>(shape: [2, 3, 6, 19], scalars: (0..<(2 * 3 * 6 * 19)).map { _ in Double(rng.integer(below: 4)) })
        let (expected, chosen) = Naive.maxPool(x, kh: 2, kw: 2, sy: 2, sx: 2)
        let pool = MaxPool2D<Float>(size: 2)
        let y = pool.forward(x.converted(), training: true)
        XCTAssertEqual(y.converted(to: Double.self), expected)
        let dy = Tensor<Double>.uniform(shape: y.shape, low: -1, high: 1, using: &rng)
        let dx = pool.backward(dy.converted(), needsInputGradient: true)!.converted(to: Double.self)
        var expectedDx = Tensor<Double>(zeros: x.shape)
        for (i, index) in chosen.enumerated() { expectedDx.scalars[index] += Double(Float(dy.scalars[i])) }
        XCTAssertEqual(dx, expectedDx)
    }

    /// On ties the gradient goes to the first maximum in row-major order, only.
    func testTiesRouteGradientToFirstMaximum() {
        let pool = MaxPool2D<Float>(size: 2)
        let x = Tensor<Float>(shape: [1, 1, 2, 4], scalars: [1, 3, 5, 5, 3, 2, 5, 5])
        let y = pool.forward(x, training: true)
        XCTAssertEqual(y.scalars, [3, 5])
        let dx = pool.backward(Tensor(shape: [1, 1, 1, 2], scalars: [10, 20]), needsInputGradient: true)!
        XCTAssertEqual(dx.scalars, [0, 10, 20, 0, 0, 0, 0, 0])
    }
}
