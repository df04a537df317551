import Tensor
import XCTest

final class TensorOpsTests: XCTestCase {
    func testIndexingIsRowMajor() {
        let t = Tensor<Float>(shape: [2, 3], scalars: [0, 1, 2, 3, 4, 5])
        XCTAssertEqual(t[1, 0], 3)
        XCTAssertEqual(t[0, 2], 2)
        XCTAssertEqual(t.offset(of: [1, 2]), 5)
    }

    func testRowBroadcastAndColumnSums() {
        var t = Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        t.addRowVector(Tensor(shape: [3], scalars: [10, 20, 30]))
        XCTAssertEqual(t.scalars, [11, 22, 33, 14, 25, 36])
        XCTAssertEqual(t.sumRows().scalars, [25, 47, 69])
        XCTAssertEqual(t.sum(), 141)
    }

    func testArgmaxTakesFirstOfTies() {
        let t = Tensor<Float>(shape: [3, 3], scalars: [1, 3, 3, 9, 0, 0, -1, -2, -1])
        XCTAssertEqual(t.argmaxRows(), [1, 0, 0])
    }

    func testGatherAndSliceCopyWholeRows() {
        let t = Tensor<Float>(shape: [3, 2], scalars: [0, 1, 2, 3, 4, 5])
        XCTAssertEqual(t.gather(rows: [2, 0]).scalars, [4, 5, 0, 1])
        XCTAssertEqual(t.slice(rows: 1..<3).scalars, [2, 3, 4, 5])
        XCTAssertEqual(t.slice(rows: 1..<3).shape, [2, 2])
    }

    func testScaledAdditionIsTheSGDUpdate() {
        var w = Tensor<Float>(shape: [3], scalars: [1, 2, 3])
        w.addScaled(Tensor(shape: [3], scalars: [10, 10, -10]), by: -0.1)
        XCTAssertEqual(w.scalars, [0, 1, 4])
    }

    /// `add` against an element-by-element loop, below and above the size at
    /// which it splits the work between threads (2¹⁶ elements a slice), with
    /// slices that do not divide the count.
    func testAdditionInPlaceMatchesElementByElement() {
        var rng = SeededGenerator(seed: 12)
        for count in [5, 70_003, 3 << 16 + 5] {
            var a = Tensor<Float>.uniform(shape: [count], low: -1, high: 1, using: &rng)
            let b = Tensor<Float>.uniform(shape: [count], low: -1, high: 1, using: &rng)
            let expected = (0..<count).map { a[$0] + b[$0] }
            a.add(b)
            XCTAssertEqual(a.scalars.map(\.bitPattern), expected.map(\.bitPattern), "\(count)")
        }
    }

    /// a += α·b (the SGD update) gives a[i] + α·b[i] element by element, bit
    /// for bit, on one slice and split between the workers (over 2¹⁶ elements,
    /// with a remainder).
    func testScaledAdditionInPlaceMatchesElementByElement() {
        var rng = SeededGenerator(seed: 13)
        for count in [5, 70_003, 3 << 16 + 5] {
            var a = Tensor<Float>.uniform(shape: [count], low: -1, high: 1, using: &rng)
            let b = Tensor<Float>.uniform(shape: [count], low: -1, high: 1, using: &rng)
            let alpha: Float = -0.0123
            let expected = (0..<count).map { a[$0] + alpha * b[$0] }
            a.addScaled(b, by: alpha)
            XCTAssertEqual(a.scalars.map(\.bitPattern), expected.map(\.bitPattern), "\(count)")
        }
    }

    /// max(0, a + b) in one pass is `a + b` then max(0, ·), bit for bit: on
    /// vector blocks and the scalar tail, split between threads (over 2¹⁶
    /// elements) or not, with NaN, ±0 and infinities (the rectifier maps
    /// NaN and −0 to +0).
    func testAddRectifyingIsAdditionThenRectifier() {
        var rng = SeededGenerator(seed: 11)
        for count in [5, 13, 70_003] {
            var a = Tensor<Float>.uniform(shape: [count], low: -1, high: 1, using: &rng)
            var b = Tensor<Float>.uniform(shape: [count], low: -1, high: 1, using: &rng)
            let specials: [(Float, Float)] = [(.nan, 1), (-0.0, -0.0), (0, -0.0), (.infinity, -.infinity), (-1, 1)]
            for (i, (x, y)) in specials.enumerated() {
                a[i] = x
                b[i] = y
            }
            var fused = a
            fused.addRectifying(b)
            let expected = (a + b).rectified()
            XCTAssertEqual(fused.scalars.map(\.bitPattern), expected.scalars.map(\.bitPattern), "\(count)")
            XCTAssertTrue(fused.scalars.allSatisfy { $0 >= 0 && $0.sign == .plus })
        }
    }
}
