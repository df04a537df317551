import Tensor
import XCTest

final class RandomGeneratorTests: XCTestCase {
    func testSameSeedSameStreamDifferentSeedDifferentStream() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let xs = (0..<5).map { _ in a.next() }
        XCTAssertEqual(xs, (0..<5).map { _ in b.next() })
        XCTAssertNotEqual(xs, (0..<5).map { _ in c.next() })
    }

    /// Pinned values: if these change, every saved result's stream changed too.
    func testStreamIsPinned() {
        var g = SeededGenerator(seed: 1)
        let first = g.next()
        var again = SeededGenerator(seed: 1)
        XCTAssertEqual(first, again.next())
        XCTAssertEqual(SeededGenerator(seed: 0).state.count, 4)
        // splitmix64(0) first output, a published constant.
        XCTAssertEqual(SeededGenerator(seed: 0).state[0], 0xe220_a839_7b1d_cdaf)
    }

    func testUniformAndNormalMoments() {
        var g = SeededGenerator(seed: 9)
        let n = 200_000
        let u = (0..<n).map { _ in g.uniform(-1, 1) }
        XCTAssertTrue(u.allSatisfy { $0 >= -1 && $0 < 1 })
        XCTAssertEqual(u.reduce(0, +) / Double(n), 0, accuracy: 0.01)
        XCTAssertEqual(u.map { $0 * $0 }.reduce(0, +) / Double(n), 1.0 / 3, accuracy: 0.01)
        let z = (0..<n).map { _ in g.normal() }
        let mean = z.reduce(0, +) / Double(n)
        let variance = z.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
        XCTAssertEqual(mean, 0, accuracy: 0.01)
        XCTAssertEqual(variance, 1, accuracy: 0.02)
    }

    func testPermutationIsAPermutation() {
        var g = SeededGenerator(seed: 5)
        let p = g.permutation(1000)
        XCTAssertEqual(p.sorted(), Array(0..<1000))
        XCTAssertNotEqual(p, Array(0..<1000))
    }

    func testDerivedStreamsDependOnTheLabelOnly() {
        let g = SeededGenerator(seed: 5)
        var a = g.derived("p1.init/zero"), b = g.derived("p1.init/normal"), again = g.derived("p1.init/zero")
        let first = a.next()
        XCTAssertNotEqual(first, b.next())
        XCTAssertEqual(first, again.next())
    }
}
