#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
@testable import Tensor
import XCTest

/// The C Winograd F(2×2, 3×3) transforms at every instruction-set level this
/// CPU has, against the Swift transforms, bit for bit. Tile grids mix 1…16
/// tiles a side (whole and partial runs of four, two rows per vector at four
/// tiles a row, masked tails at 7, at 12 and 13 a vector whose runs end one
/// row and start the next); planes have odd sides; values include NaN, −0
/// and negatives for the ReLU and the sums' signs.
///
/// Bit for bit except the sign and payload of a NaN, which LLVM leaves open
/// for arithmetic results (it may turn (−a) + b into b − a), so neither the
/// C nor the Swift versions keep them from one compilation to the next; that
/// a value is NaN, and the sign of every zero, are kept, and checked.
///
/// Every buffer a transform writes has sentinels on both sides (and in the
/// gaps between component matrices), which must survive; every buffer it
/// reads ends where its last read value ends, on a page that cannot be read,
/// so a read past it crashes the test.
final class WinogradF2x3KernelTests: XCTestCase {
    private let tileCounts = [1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 16]
    private var levels: [Int32] { Array(0...WinogradKernels.level) }

    private var shapes: [(tilesY: Int, tilesX: Int)] {
        tileCounts.flatMap { y in tileCounts.map { x in (y, x) } }
    }

    /// Component strides: none between the matrices, and a gap like `WinogradConvolution.componentStride`'s.
    private func componentStrides(_ tiles: Int) -> [Int] { [tiles, tiles + 16 + tiles % 5] }

    func testInputTransformMatchesSwiftAtEveryLevel() {
        var rng = SeededGenerator(seed: 51)
        for (tilesY, tilesX) in shapes {
            for extraWidth in [0, 3] {
                let planeWidth = 2 * tilesX + 2 + extraWidth, rows = 2 * tilesY + 2
                // The plane ends with the last value a tile reads.
                let plane = values((rows - 1) * planeWidth + 2 * tilesX + 2, &rng)
                for cs in componentStrides(tilesY * tilesX) {
                    let expected = inputTransform(plane, planeWidth, tilesY, tilesX, cs, level: nil)
                    for level in levels {
                        let actual = inputTransform(plane, planeWidth, tilesY, tilesX, cs, level: level)
                        check(actual, expected, "input, level \(level), \(tilesY)×\(tilesX) tiles, cs \(cs)")
                    }
                }
            }
        }
    }

    func testOutputTransformMatchesSwiftAtEveryLevel() {
        var rng = SeededGenerator(seed: 52)
        for (tilesY, tilesX) in shapes {
            let tiles = tilesY * tilesX
            for cs in componentStrides(tiles) {
                // The matrices end with the last tile of the last component.
                let m = values(15 * cs + tiles, &rng)
                for (heightCut, widthCut) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                    let height = 2 * tilesY - heightCut, width = 2 * tilesX - widthCut
                    for (relu, bias) in [(false, Float(0.375)), (true, Float(-0.25)), (true, -Float.zero)] {
                        let expected = outputTransform(m, cs, tilesY, tilesX, height, width, bias, relu, level: nil)
                        for level in levels {
                            let actual = outputTransform(m, cs, tilesY, tilesX, height, width, bias, relu, level: level)
                            check(actual, expected,
                                  "output, level \(level), \(tilesY)×\(tilesX) tiles, \(height)×\(width), cs \(cs), relu \(relu)")
                        }
                    }
                }
            }
        }
    }

    /// Tile grids with whole runs of four and the tiles after them, which the
    /// Swift versions compute with SIMD4 and with scalars: the two give
    /// different signs to −x of +0 and NaN, and different max(NaN, 0).
    private let edgeShapes = [(4, 4), (7, 7), (1, 5), (3, 9), (2, 12), (2, 16), (3, 3)]

    /// −0 sums (bias −0) stay −0 without the ReLU and become +0 with it; NaN
    /// tiles in and out of Swift's SIMD blocks.
    func testOutputTransformRectifiesSignedZerosAndNaNAsSwift() {
        for (tilesY, tilesX) in edgeShapes {
            let tiles = tilesY * tilesX, cs = tiles + 16
            var m = [Float](repeating: -0.0, count: 15 * cs + tiles)
            for t in 0..<tiles where t % 3 == 0 { m[t] = .nan }
            for t in 0..<tiles where t % 5 == 1 { m[cs + t] = -1 }
            for (heightCut, widthCut) in [(0, 0), (1, 1)] {
                let height = 2 * tilesY - heightCut, width = 2 * tilesX - widthCut
                for relu in [false, true] {
                    let expected = outputTransform(m, cs, tilesY, tilesX, height, width, -0.0, relu, level: nil)
                    XCTAssertEqual(expected.payload.contains { $0 == 0 && $0.sign == .minus }, !relu)
                    for level in levels {
                        let actual = outputTransform(m, cs, tilesY, tilesX, height, width, -0.0, relu, level: level)
                        check(actual, expected, "signed zeros, level \(level), \(height)×\(width), relu \(relu)")
                    }
                }
            }
        }
    }

    func testOutputGradientTransformNegatesSignedZerosAndNaNAsSwift() {
        let pattern: [Float] = [0, -0.0, .nan, 0, 1, -0.0, -1]
        for (tilesY, tilesX) in edgeShapes {
            for (heightCut, widthCut) in [(0, 0), (1, 1)] {
                let height = 2 * tilesY - heightCut, width = 2 * tilesX - widthCut
                let dy = (0..<height * width).map { pattern[$0 % pattern.count] }
                let cs = tilesY * tilesX + 16
                let expected = outputGradientTransform(dy, height, width, tilesY, tilesX, cs, level: nil)
                for level in levels {
                    let actual = outputGradientTransform(dy, height, width, tilesY, tilesX, cs, level: level)
                    check(actual, expected, "signed zeros, level \(level), \(height)×\(width)")
                }
            }
        }
    }

    /// Onto a plane of signed zeros, so that the sign of every term shows.
    /// One NaN a case, in a component the transform negates.
    func testInputGradientAccumulationNegatesSignedZerosAndNaNAsSwift() {
        let pattern: [Float] = [0, -0.0, -0.0, 1, 0, -1, -0.0]
        for (tilesY, tilesX) in edgeShapes {
            let tiles = tilesY * tilesX, cs = tiles + 16, planeWidth = 2 * tilesX + 2
            let plane = (0..<(2 * tilesY + 2) * planeWidth).map { pattern[($0 * 3) % pattern.count] }
            for nanTile in Set([0, 3, 4, tilesX - 1, tiles - 1]) where nanTile < tiles {
                var dv = (0..<15 * cs + tiles).map { pattern[$0 % pattern.count] }
                dv[(12 + nanTile % 4) * cs + nanTile] = .nan
                let expected = inputGradientAccumulation(dv, cs, tilesY, tilesX, plane, planeWidth, level: nil)
                for level in levels {
                    let actual = inputGradientAccumulation(dv, cs, tilesY, tilesX, plane, planeWidth, level: level)
                    check(actual, expected, "signed zeros, level \(level), \(tilesY)×\(tilesX) tiles, NaN at \(nanTile)")
                }
            }
        }
    }

    func testOutputGradientTransformMatchesSwiftAtEveryLevel() {
        var rng = SeededGenerator(seed: 53)
        for (tilesY, tilesX) in shapes {
            for (heightCut, widthCut) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                let height = 2 * tilesY - heightCut, width = 2 * tilesX - widthCut
                let dy = values(height * width, &rng)
                for cs in componentStrides(tilesY * tilesX) {
                    let expected = outputGradientTransform(dy, height, width, tilesY, tilesX, cs, level: nil)
                    for level in levels {
                        let actual = outputGradientTransform(dy, height, width, tilesY, tilesX, cs, level: level)
                        check(actual, expected, "output gradient, level \(level), \(height)×\(width), cs \(cs)")
                    }
                }
            }
        }
    }

    /// The input gradient adds onto what the plane holds, across tile boundaries.
    func testInputGradientAccumulationMatchesSwiftAtEveryLevel() {
        var rng = SeededGenerator(seed: 54)
        for (tilesY, tilesX) in shapes {
            let tiles = tilesY * tilesX
            for cs in componentStrides(tiles) {
                let dv = values(15 * cs + tiles, &rng)
                for extraWidth in [0, 3] {
                    let planeWidth = 2 * tilesX + 2 + extraWidth
                    let plane = values((2 * tilesY + 2) * planeWidth, &rng, nan: false)
                    let expected = inputGradientAccumulation(dv, cs, tilesY, tilesX, plane, planeWidth, level: nil)
                    for level in levels {
                        let actual = inputGradientAccumulation(dv, cs, tilesY, tilesX, plane, planeWidth, level: level)
                        check(actual, expected, "input gradient, level \(level), \(tilesY)×\(tilesX) tiles, cs \(cs)")
                    }
                }
            }
        }
    }

    // MARK: Transforms on guarded buffers; level nil is the Swift reference.

    private func inputTransform(
        _ plane: [Float], _ planeWidth: Int, _ tilesY: Int, _ tilesX: Int, _ cs: Int, level: Int32?
    ) -> GuardedFloats {
        let input = GuardedFloats(plane), v = GuardedFloats(sentinels: 16 * cs)
        if let level {
            WinogradF2x3.transformInputTiles(
                level: level, input.pointer, planeWidth: planeWidth, tilesY: tilesY, tilesX: tilesX, into: v.pointer,
                componentStride: cs)
        } else {
            WinogradF2x3.transformInputTilesInSwift(
                input.pointer, planeWidth: planeWidth, tilesY: tilesY, tilesX: tilesX, into: v.pointer, componentStride: cs)
        }
        return v
    }

    private func outputTransform(
        _ m: [Float], _ cs: Int, _ tilesY: Int, _ tilesX: Int, _ height: Int, _ width: Int, _ bias: Float, _ relu: Bool,
        level: Int32?
    ) -> GuardedFloats {
        let input = GuardedFloats(m), y = GuardedFloats(sentinels: height * width)
        if let level {
            WinogradF2x3.transformOutputTiles(
                level: level, input.pointer, componentStride: cs, tilesY: tilesY, tilesX: tilesX, into: y.pointer,
                height: height, width: width, bias: bias, relu: relu)
        } else {
            WinogradF2x3.transformOutputTilesInSwift(
                input.pointer, componentStride: cs, tilesY: tilesY, tilesX: tilesX, into: y.pointer, height: height,
                width: width, bias: bias, relu: relu)
        }
        return y
    }

    private func outputGradientTransform(
        _ dy: [Float], _ height: Int, _ width: Int, _ tilesY: Int, _ tilesX: Int, _ cs: Int, level: Int32?
    ) -> GuardedFloats {
        let input = GuardedFloats(dy), dm = GuardedFloats(sentinels: 16 * cs)
        if let level {
            WinogradF2x3.transformOutputGradientTiles(
                level: level, input.pointer, height: height, width: width, tilesY: tilesY, tilesX: tilesX,
                into: dm.pointer, componentStride: cs)
        } else {
            var scratch = [Float](repeating: 0, count: 4 * tilesY * tilesX)
            scratch.withUnsafeMutableBufferPointer { sp in
                WinogradF2x3.transformOutputGradientTilesInSwift(
                    input.pointer, height: height, width: width, tilesY: tilesY, tilesX: tilesX, into: dm.pointer,
                    componentStride: cs, scratch: sp.baseAddress!)
            }
        }
        return dm
    }

    private func inputGradientAccumulation(
        _ dv: [Float], _ cs: Int, _ tilesY: Int, _ tilesX: Int, _ start: [Float], _ planeWidth: Int, level: Int32?
    ) -> GuardedFloats {
        let input = GuardedFloats(dv), plane = GuardedFloats(sentinels: start.count)
        plane.pointer.update(from: start, count: start.count)
        if let level {
            WinogradF2x3.accumulateInputGradientTiles(
                level: level, input.pointer, componentStride: cs, tilesY: tilesY, tilesX: tilesX, into: plane.pointer,
                planeWidth: planeWidth)
        } else {
            var scratch = [Float](repeating: 0, count: 4 * tilesX)
            scratch.withUnsafeMutableBufferPointer { sp in
                WinogradF2x3.accumulateInputGradientTilesInSwift(
                    input.pointer, componentStride: cs, tilesY: tilesY, tilesX: tilesX, into: plane.pointer,
                    planeWidth: planeWidth, scratch: sp.baseAddress!)
            }
        }
        return plane
    }

    // MARK: Values and comparison

    /// Uniform in [−2, 2) with +0, −0 and (unless `nan` is false) a NaN mixed in.
    private func values(_ count: Int, _ rng: inout SeededGenerator, nan: Bool = true) -> [Float] {
        var x = (0..<count).map { i -> Float in
            switch i % 23 {
            case 0: return 0
            case 11: return -0.0
            default: return Float(rng.uniform(-2, 2))
            }
        }
        if nan && count > 2 { x[count / 2 + 1] = .nan }
        return x
    }

    /// The same bits, or both NaN.
    private func sameValue(_ a: Float, _ b: Float) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }

    private func check(_ actual: GuardedFloats, _ expected: GuardedFloats, _ message: String) {
        XCTAssertTrue(actual.guardsIntact, "guard overwritten: \(message)")
        let a = actual.payload, e = expected.payload
        let first = zip(a, e).enumerated().first { !sameValue($0.element.0, $0.element.1) }
        XCTAssertNil(first.map { "at \($0.offset): \($0.element.0) vs \($0.element.1)" }, message)
    }
}

/// Floats in their own pages: `guardCount` sentinels on each side of the
/// payload for buffers written, none for buffers read, and an unreadable
/// page right after, so reading (or writing) past the end crashes.
private final class GuardedFloats {
    static let sentinel = Float(bitPattern: 0x7FC0_5A5A)
    static let guardCount = 19

    let count: Int, guardCount: Int
    private let base: UnsafeMutableRawPointer, bytes: Int, pageSize: Int
    let pointer: UnsafeMutablePointer<Float>

    private init(count: Int, guardCount: Int) {
        self.count = count
        self.guardCount = guardCount
        pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        let used = (count + 2 * guardCount) * MemoryLayout<Float>.stride
        bytes = (used + pageSize - 1) / pageSize * pageSize + pageSize
        guard let memory = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              memory != MAP_FAILED
        else { fatalError("mmap failed") }
        base = memory
        let end = base + (bytes - pageSize)
        precondition(mprotect(end, pageSize, PROT_NONE) == 0)
        let start = (end - used).assumingMemoryBound(to: Float.self)
        start.initialize(repeating: Self.sentinel, count: count + 2 * guardCount)
        pointer = start + guardCount
    }

    /// A buffer to read: exactly `values`.
    convenience init(_ values: [Float]) {
        self.init(count: values.count, guardCount: 0)
        pointer.update(from: values, count: values.count)
    }

    /// A buffer to write: `count` sentinels between guards of sentinels.
    convenience init(sentinels count: Int) {
        self.init(count: count, guardCount: Self.guardCount)
    }

    deinit { munmap(base, bytes) }

    var payload: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    var guardsIntact: Bool {
        let before = UnsafeBufferPointer(start: pointer - guardCount, count: guardCount)
        let after = UnsafeBufferPointer(start: pointer + count, count: guardCount)
        return (Array(before) + Array(after)).allSatisfy { $0.bitPattern == Self.sentinel.bitPattern }
    }
}
