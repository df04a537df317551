import CWinograd
@testable import Tensor
import XCTest

/// The C Winograd F(4×4, 3×3) transforms (forward and backward) at every instruction-set level this
/// CPU has, against the Swift transforms: the same values bit for bit, so
/// switching a machine's level cannot move a saved result. Widths cover the
/// 8-, 4- and 1-tile blocks and their mixtures; heights cover the rows cut by
/// the bottom edge; values include negatives, zeros and a NaN for the ReLU.
final class WinogradKernelTests: XCTestCase {
    private let tileCounts = [1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 16, 17, 24]

    private var levels: [Int32] { Array(0...WinogradKernels.level) }

    private func randomFloats(_ count: Int, _ rng: inout SeededGenerator) -> [Float] {
        (0..<count).map { i in i % 29 == 0 ? 0 : Float(rng.uniform(-2, 2)) }
    }

    func testTheDetectedLevelIsOneOfTheKnownLevels() {
        XCTAssertTrue((0...1).contains(WinogradKernels.level))
        XCTAssertFalse(WinogradKernels.levelName.isEmpty)
    }

    func testInputTransformMatchesSwiftAtEveryLevel() {
        var rng = SeededGenerator(seed: 41)
        for tilesX in tileCounts {
            for tilesY in [1, 2, 3] {
                // A plane wider than the tiles need, as the convolution's padded planes may be.
                let planeWidth = 4 * tilesX + 2 + tilesX % 3, rows = 4 * tilesY + 2
                let plane = randomFloats(rows * planeWidth + 8, &rng)
                let cs = 36 * tilesY * tilesX + 5
                let expected = inputTransform(plane, planeWidth, tilesY, tilesX, cs, level: nil)
                for level in levels {
                    let actual = inputTransform(plane, planeWidth, tilesY, tilesX, cs, level: level)
                    XCTAssertTrue(sameBits(actual, expected), "level \(level), \(tilesY)×\(tilesX) tiles")
                }
            }
        }
    }

    func testOutputTransformMatchesSwiftAtEveryLevel() {
        var rng = SeededGenerator(seed: 42)
        for tilesX in tileCounts {
            for (tilesY, cut) in [(1, 0), (2, 1), (3, 3)] {
                let tiles = tilesY * tilesX, cs = 36 * tiles + 3
                var m = randomFloats(36 * cs, &rng)
                m[7] = .nan
                for relu in [false, true] {
                    for widthCut in [0, 1, 3] where 4 * tilesX - widthCut > 0 {
                        let height = 4 * tilesY - cut, width = 4 * tilesX - widthCut
                        let expected = outputTransform(m, cs, tilesY, tilesX, height, width, relu, level: nil)
                        for level in levels {
                            let actual = outputTransform(m, cs, tilesY, tilesX, height, width, relu, level: level)
                            XCTAssertTrue(
                                sameBits(actual, expected),
                                "level \(level), \(tilesY)×\(tilesX) tiles, \(height)×\(width), relu \(relu)")
                        }
                    }
                }
            }
        }
    }

    func testOutputGradientTransformMatchesSwiftAtEveryLevel() {
        var rng = SeededGenerator(seed: 43)
        for tilesX in tileCounts {
            for (tilesY, cut) in [(1, 0), (2, 1), (3, 2)] {
                for widthCut in [0, 2] where 4 * tilesX - widthCut > 0 {
                    let height = 4 * tilesY - cut, width = 4 * tilesX - widthCut
                    let dy = randomFloats(height * width, &rng)
                    let cs = 36 * tilesY * tilesX + 7
                    let expected = outputGradientTransform(dy, height, width, tilesY, tilesX, cs, level: nil)
                    for level in levels {
                        let actual = outputGradientTransform(dy, height, width, tilesY, tilesX, cs, level: level)
                        XCTAssertTrue(sameBits(actual, expected), "level \(level), \(height)×\(width)")
                    }
                }
            }
        }
    }

    /// The input gradient adds onto what the plane holds, across tile boundaries.
    func testInputGradientAccumulationMatchesSwiftAtEveryLevel() {
        var rng = SeededGenerator(seed: 44)
        for tilesX in tileCounts {
            for tilesY in [1, 2, 3] {
                let cs = 36 * tilesY * tilesX + 1, planeWidth = 4 * tilesX + 2 + tilesX % 2
                let dv = randomFloats(36 * cs, &rng)
                let plane = randomFloats((4 * tilesY + 2) * planeWidth, &rng)
                let expected = inputGradientAccumulation(dv, cs, tilesY, tilesX, plane, planeWidth, level: nil)
                for level in levels {
                    let actual = inputGradientAccumulation(dv, cs, tilesY, tilesX, plane, planeWidth, level: level)
                    XCTAssertTrue(sameBits(actual, expected), "level \(level), \(tilesY)×\(tilesX) tiles")
                }
            }
        }
    }

    private func outputGradientTransform(
        _ dy: [Float], _ height: Int, _ width: Int, _ tilesY: Int, _ tilesX: Int, _ cs: Int, level: Int32?
    ) -> [Float] {
        var dm = [Float](repeating: -7, count: 36 * cs)
        var scratch = [Float](repeating: 0, count: 40 * tilesY * tilesX)
        dy.withUnsafeBufferPointer { p in
            dm.withUnsafeMutableBufferPointer { mp in
                scratch.withUnsafeMutableBufferPointer { sp in
                    if let level {
                        a1_f4x3_output_gradient_tiles(
                            level, p.baseAddress!, height, width, tilesY, tilesX, mp.baseAddress!, cs, sp.baseAddress!)
                    } else {
                        WinogradF4x3.transformOutputGradientTilesInSwift(
                            p.baseAddress!, height: height, width: width, tilesY: tilesY, tilesX: tilesX,
                            into: mp.baseAddress!, componentStride: cs, scratch: sp.baseAddress!)
                    }
                }
            }
        }
        return dm
    }

    private func inputGradientAccumulation(
        _ dv: [Float], _ cs: Int, _ tilesY: Int, _ tilesX: Int, _ start: [Float], _ planeWidth: Int, level: Int32?
    ) -> [Float] {
        var plane = start
        var scratch = [Float](repeating: 0, count: 36 * tilesX)
        dv.withUnsafeBufferPointer { p in
            plane.withUnsafeMutableBufferPointer { pp in
                scratch.withUnsafeMutableBufferPointer { sp in
                    if let level {
                        a1_f4x3_accumulate_input_gradient_tiles(
                            level, p.baseAddress!, cs, tilesY, tilesX, pp.baseAddress!, planeWidth, sp.baseAddress!)
                    } else {
                        WinogradF4x3.accumulateInputGradientTilesInSwift(
                            p.baseAddress!, componentStride: cs, tilesY: tilesY, tilesX: tilesX, into: pp.baseAddress!,
                            planeWidth: planeWidth, scratch: sp.baseAddress!)
                    }
                }
            }
        }
        return plane
    }

    /// nil: the Swift transform.
    private func inputTransform(
        _ plane: [Float], _ planeWidth: Int, _ tilesY: Int, _ tilesX: Int, _ cs: Int, level: Int32?
    ) -> [Float] {
        var v = [Float](repeating: -7, count: 36 * cs)
        var scratch = [Float](repeating: 0, count: (4 * tilesY + 2) * 6 * tilesX)
        plane.withUnsafeBufferPointer { p in
            v.withUnsafeMutableBufferPointer { vp in
                scratch.withUnsafeMutableBufferPointer { sp in
                    if let level {
                        a1_f4x3_input_tiles(level, p.baseAddress!, planeWidth, tilesY, tilesX, vp.baseAddress!, cs, sp.baseAddress!)
                    } else {
                        WinogradF4x3.transformInputTilesInSwift(
                            p.baseAddress!, planeWidth: planeWidth, tilesY: tilesY, tilesX: tilesX, into: vp.baseAddress!,
                            componentStride: cs, scratch: sp.baseAddress!)
                    }
                }
            }
        }
        return v
    }

    private func outputTransform(
        _ m: [Float], _ cs: Int, _ tilesY: Int, _ tilesX: Int, _ height: Int, _ width: Int, _ relu: Bool, level: Int32?
    ) -> [Float] {
        var y = [Float](repeating: -7, count: height * width)
        var scratch = [Float](repeating: 0, count: 24 * tilesX)
        m.withUnsafeBufferPointer { mp in
            y.withUnsafeMutableBufferPointer { yp in
                scratch.withUnsafeMutableBufferPointer { sp in
                    if let level {
                        a1_f4x3_output_tiles(
                            level, mp.baseAddress!, cs, tilesY, tilesX, yp.baseAddress!, height, width, 0.25, relu ? 1 : 0,
                            sp.baseAddress!)
                    } else {
                        WinogradF4x3.transformOutputTilesInSwift(
                            mp.baseAddress!, componentStride: cs, tilesY: tilesY, tilesX: tilesX, into: yp.baseAddress!,
                            height: height, width: width, bias: 0.25, relu: relu, scratch: sp.baseAddress!)
                    }
                }
            }
        }
        return y
    }

    private func sameBits(_ a: [Float], _ b: [Float]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
    }
}
