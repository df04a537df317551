@testable import Tensor
import Foundation
import XCTest

/// The low-level convolution kernels: adjoint identities and single-tile Winograd algebra.
final class ConvolutionKernelTests: XCTestCase {
    private func random(_ count: Int, _ rng: inout SeededGenerator) -> [Double] {
        (0..<count).map { _ in rng.uniform(-1, 1) }
    }

    private func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    /// col2im is the adjoint of im2col: ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩, for strides and paddings.
    func testIm2ColAccumulateIsAdjointOfPack() {
        var rng = SeededGenerator(seed: 1)
        for (k, s, p, h, w) in [(3, 1, 1, 5, 7), (3, 2, 0, 7, 6), (1, 1, 0, 4, 4), (5, 2, 3, 6, 5), (2, 3, 1, 8, 9)] {
            let g = ConvolutionGeometry(
                inputChannels: 2, outputChannels: 1, inputHeight: h, inputWidth: w, kernelHeight: k, kernelWidth: k,
                strideY: s, strideX: s, paddingY: p, paddingX: p)
            let x = random(g.inputSampleSize, &rng)
            let c = random(g.patchSize * g.outputPlane, &rng)
            var columns = [Double](repeating: .nan, count: c.count)
            var image = [Double](repeating: 0, count: x.count)
            x.withUnsafeBufferPointer { xp in
                columns.withUnsafeMutableBufferPointer { Im2Col.pack(xp.baseAddress!, geometry: g, into: $0.baseAddress!, rowStride: g.outputPlane) }
            }
            c.withUnsafeBufferPointer { cp in
                image.withUnsafeMutableBufferPointer { Im2Col.accumulate(cp.baseAddress!, rowStride: g.outputPlane, geometry: g, into: $0.baseAddress!) }
            }
            XCTAssertFalse(columns.contains { $0.isNaN }, "every column entry written")
            XCTAssertEqual(dot(columns, c), dot(x, image), accuracy: 1e-12, "\(g)")
        }
    }

    /// The Float pack and accumulate against index-by-index loops, bit for bit,
    /// for strides 1 and 2 (2 has eight-column vector blocks that must stop
    /// at the end of each channel plane). The image is followed by sentinels
    /// that the accumulation must leave alone.
    func testFloatIm2ColMatchesIndexLoops() {
        var rng = SeededGenerator(seed: 3)
        for (k, s, p, h, w) in [(3, 2, 1, 64, 64), (1, 2, 0, 64, 64), (3, 2, 1, 9, 33), (3, 2, 0, 17, 18), (3, 1, 1, 6, 20), (3, 2, 1, 4, 5)] {
            let g = ConvolutionGeometry(
                inputChannels: 3, outputChannels: 1, inputHeight: h, inputWidth: w, kernelHeight: k, kernelWidth: k,
                strideY: s, strideX: s, paddingY: p, paddingX: p)
            let x = random(g.inputSampleSize, &rng).map(Float.init)
            let c = random(g.patchSize * g.outputPlane, &rng).map(Float.init)
            let start = random(g.inputSampleSize, &rng).map(Float.init)
            // Expected: every (row, output) pair in the kernels' own order.
            var expectedColumns = [Float](repeating: 0, count: c.count), expectedImage = start
            var row = 0
            for channel in 0..<3 { for ky in 0..<k { for kx in 0..<k {
                for oy in 0..<g.outputHeight { for ox in 0..<g.outputWidth {
                    let iy = oy * s - p + ky, ix = ox * s - p + kx
                    guard iy >= 0 && iy < h && ix >= 0 && ix < w else { continue }
                    let column = row * g.outputPlane + oy * g.outputWidth + ox
                    expectedColumns[column] = x[(channel * h + iy) * w + ix]
                    expectedImage[(channel * h + iy) * w + ix] += c[column]
                } }
                row += 1
            } } }
            var columns = [Float](repeating: .nan, count: c.count)
            var image = start + [Float](repeating: 7, count: 32)
            x.withUnsafeBufferPointer { xp in
                columns.withUnsafeMutableBufferPointer { Im2Col.pack(xp.baseAddress!, geometry: g, into: $0.baseAddress!, rowStride: g.outputPlane) }
            }
            c.withUnsafeBufferPointer { cp in
                image.withUnsafeMutableBufferPointer { Im2Col.accumulate(cp.baseAddress!, rowStride: g.outputPlane, geometry: g, into: $0.baseAddress!) }
            }
            XCTAssertEqual(columns.map(\.bitPattern), expectedColumns.map(\.bitPattern), "pack \(g)")
            XCTAssertEqual(image.map(\.bitPattern), (expectedImage + [Float](repeating: 7, count: 32)).map(\.bitPattern), "accumulate \(g)")
        }
    }

    /// The stride-2 blocks stop where their 16 scalars would reach the limit
    /// (the end of the channel plane, past which memory may be another
    /// worker's), and not before: a block that only stored back an odd scalar
    /// unchanged past the limit would race with that worker, unseen above.
    func testStrideTwoBlocksStopAtTheirLimit() {
        let source = [Float](repeating: 1, count: 80)
        var target = [Float](repeating: 0, count: 80)
        for limit in 0...80 {
            for columns in [0..<40, 3..<30] {
                source.withUnsafeBufferPointer { sp in
                    target.withUnsafeMutableBufferPointer { tp in
                        let s = sp.baseAddress!, t = tp.baseAddress!
                        let gathered = Im2ColFloat.gatherEven(s, into: t, columns, readLimit: s + limit)
                        let scattered = Im2ColFloat.scatterAddEven(s, into: t, columns, writeLimit: UnsafePointer(t) + limit)
                        for done in [gathered, scattered] {
                            XCTAssertEqual((done - columns.lowerBound) % 8, 0)
                            if done > columns.lowerBound { XCTAssertLessThanOrEqual(2 * done, limit, "\(limit) \(columns)") }
                            XCTAssertTrue(done + 8 > columns.upperBound || 2 * done + 16 > limit, "stopped early: \(limit) \(columns)")
                        }
                    }
                }
            }
        }
    }

    /// One tile of each variant against the direct 3×3 correlation, and the
    /// weight transform against its adjoint.
    func testWinogradSingleTileMatchesDirectCorrelation() {
        var rng = SeededGenerator(seed: 2)
        for variant in WinogradVariant.allCases {
            let m = variant.outputTile, t = variant.inputTile, count = variant.components
            let d = random(t * t, &rng), w = random(9, &rng)
            // The plane is the tile itself (one tile, padded by the +2 rows/columns the kernels expect).
            let planeWidth = m + 2
            var plane = [Double](repeating: 0, count: (m + 2) * planeWidth + 8)
            for r in 0..<t { for c in 0..<t { plane[r * planeWidth + c] = d[r * t + c] } }
            var v = [Double](repeating: 0, count: count), u = [Double](repeating: 0, count: count)
            var scratch = [Double](repeating: 0, count: 64 * t)
            var y = [Double](repeating: 0, count: m * m)
            plane.withUnsafeBufferPointer { p in
                v.withUnsafeMutableBufferPointer { vp in
                    scratch.withUnsafeMutableBufferPointer { sp in
                        switch variant {
                        case .f2x3: WinogradF2x3.transformInputTiles(p.baseAddress!, planeWidth: planeWidth, tilesY: 1, tilesX: 1, into: vp.baseAddress!, componentStride: 1)
                        case .f4x3: WinogradF4x3.transformInputTiles(p.baseAddress!, planeWidth: planeWidth, tilesY: 1, tilesX: 1, into: vp.baseAddress!, componentStride: 1, scratch: sp.baseAddress!)
                        }
                    }
                }
            }
            let g = ConvolutionGeometry(inputChannels: 1, outputChannels: 1, inputHeight: m, inputWidth: m, kernelHeight: 3, kernelWidth: 3, paddingY: 1, paddingX: 1)
            w.withUnsafeBufferPointer { wp in
                u.withUnsafeMutableBufferPointer { WinogradConvolution.transformWeights(wp.baseAddress!, geometry: g, variant: variant, into: $0.baseAddress!) }
            }
            let product = zip(u, v).map { $0 * $1 }
            product.withUnsafeBufferPointer { mp in
                y.withUnsafeMutableBufferPointer { yp in
                    scratch.withUnsafeMutableBufferPointer { sp in
                        switch variant {
                        case .f2x3: WinogradF2x3.transformOutputTiles(mp.baseAddress!, componentStride: 1, tilesY: 1, tilesX: 1, into: yp.baseAddress!, height: m, width: m, bias: 0, relu: false)
                        case .f4x3: WinogradF4x3.transformOutputTiles(mp.baseAddress!, componentStride: 1, tilesY: 1, tilesX: 1, into: yp.baseAddress!, height: m, width: m, bias: 0, relu: false, scratch: sp.baseAddress!)
                        }
                    }
                }
            }
            for r in 0..<m {
                for c in 0..<m {
                    var direct = 0.0
                    for ky in 0..<3 { for kx in 0..<3 { direct += w[ky * 3 + kx] * d[(r + ky) * t + c + kx] } }
                    XCTAssertEqual(y[r * m + c], direct, accuracy: 1e-12, "\(variant) output (\(r), \(c))")
                }
            }
            // ⟨U(w), dU⟩ = ⟨w, weightGradient(dU)⟩.
            let du = random(count, &rng)
            var dw = [Double](repeating: 0, count: 9)
            du.withUnsafeBufferPointer { dup in
                dw.withUnsafeMutableBufferPointer { WinogradConvolution.weightGradient(fromTransformed: dup.baseAddress!, geometry: g, variant: variant, into: $0.baseAddress!) }
            }
            XCTAssertEqual(dot(u, du), dot(w, dw), accuracy: 1e-12, "\(variant) weight adjoint")
        }
    }

    /// The weight transforms split their (co, ci) pairs between the workers
    /// above 2048 pairs: every pair's values are those of transforming that
    /// pair alone, bit for bit, in Float.
    func testWeightTransformsOfManyPairsMatchOnePairAtATime() {
        var rng = SeededGenerator(seed: 3)
        let (cout, cin) = (40, 110)
        let pairs = cout * cin
        for variant in WinogradVariant.allCases {
            let count = variant.components
            let g = ConvolutionGeometry(inputChannels: cin, outputChannels: cout, inputHeight: 8, inputWidth: 8, kernelHeight: 3, kernelWidth: 3, paddingY: 1, paddingX: 1)
            let one = ConvolutionGeometry(inputChannels: 1, outputChannels: 1, inputHeight: 8, inputWidth: 8, kernelHeight: 3, kernelWidth: 3, paddingY: 1, paddingX: 1)
            let w = random(9 * pairs, &rng).map { Float($0) }, du = random(count * pairs, &rng).map { Float($0) }
            var u = [Float](repeating: 0, count: count * pairs), dw = [Float](repeating: 0, count: 9 * pairs)
            WinogradConvolution.transformWeights(w, geometry: g, variant: variant, into: &u)
            WinogradConvolution.weightGradient(fromTransformed: du, geometry: g, variant: variant, into: &dw)
            for k in [0, 1, 2047, 2048, 2049, pairs / 2, pairs - 1] {
                var u1 = [Float](repeating: 0, count: count), dw1 = [Float](repeating: 0, count: 9)
                WinogradConvolution.transformWeights(Array(w[9 * k..<9 * k + 9]), geometry: one, variant: variant, into: &u1)
                let du1 = (0..<count).map { du[$0 * pairs + k] }
                WinogradConvolution.weightGradient(fromTransformed: du1, geometry: one, variant: variant, into: &dw1)
                XCTAssertEqual((0..<count).map { u[$0 * pairs + k].bitPattern }, u1.map(\.bitPattern), "\(variant) pair \(k)")
                XCTAssertEqual(dw[9 * k..<9 * k + 9].map(\.bitPattern), dw1.map(\.bitPattern), "\(variant) pair \(k)")
            }
        }
    }

    /// The slices' sum, split between the workers by element range, adds each
    /// element's slices in slice order, as a plain loop does.
    func testSumOfSlicesMatchesALoopInSliceOrder() {
        var rng = SeededGenerator(seed: 4)
        let (slices, stride, split) = (5, 200_003, 150_000)
        let values = random(slices * stride, &rng).map { Float($0) }
        var expected = [Float](repeating: 0, count: stride)
        for slice in 0..<slices { for i in 0..<stride { expected[i] += values[slice * stride + i] } }
        let (head, tail) = sumOfSlices(values, slices: slices, stride: stride, split: split)
        XCTAssertEqual((head + tail).map(\.bitPattern), expected.map(\.bitPattern))
        XCTAssertEqual(head.count, split)
    }

    func testMaxPoolingKernelRecordsFirstArgmax() {
        let x: [Float] = [1, 2, 2, 0, 4, 4, 4, 4, 7, 1, 7, 7, 0, 0, 0, 0]  // two 2×4 planes
        var y = [Float](repeating: 0, count: 4), arg = [Int32](repeating: -1, count: 4)
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
                arg.withUnsafeMutableBufferPointer { ap in
                    MaxPooling.forward(xp.baseAddress!, planes: 0..<2, height: 2, width: 4, windowHeight: 2, windowWidth: 2,
                                       strideY: 2, strideX: 2, into: yp.baseAddress!, argmax: ap.baseAddress!)
                }
            }
        }
        XCTAssertEqual(y, [4, 4, 7, 7])
        XCTAssertEqual(arg, [4, 6, 0, 2])
    }

    func testChunkQueueVisitsEveryChunkOnce() {
        var seen = [Int](repeating: 0, count: 37)
        let lock = NSLock()
        parallelChunkQueue(chunks: 37, threads: 3) { _, chunk in
            lock.lock(); seen[chunk] += 1; lock.unlock()
        }
        XCTAssertEqual(seen, Array(repeating: 1, count: 37))
        XCTAssertEqual((0..<5).map { chunkRange($0, of: 5, count: 12).count }.reduce(0, +), 12)
    }
}
