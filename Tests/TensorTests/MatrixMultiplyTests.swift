import Tensor
import XCTest

final class MatrixMultiplyTests: XCTestCase {
    func testAllTransposeCombinationsMatchNaiveLoopsInDouble() {
        var rng = SeededGenerator(seed: 3)
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let (m, k, n) = (7, 5, 3)
            let a = Tensor<Double>.uniform(shape: ta ? [k, m] : [m, k], low: -1, high: 1, using: &rng)
            let b = Tensor<Double>.uniform(shape: tb ? [n, k] : [k, n], low: -1, high: 1, using: &rng)
            let c = Tensor.matmul(a, b, transposeA: ta, transposeB: tb)
            let expected = textbookProduct(a, b, ta, tb)
            XCTAssertEqual(c.shape, [m, n])
            for (x, y) in zip(c.scalars, expected.scalars) { XCTAssertEqual(x, y, accuracy: 1e-12) }
        }
    }

    func testFloatProductMatchesDoubleWithinFloatPrecision() {
        var rng = SeededGenerator(seed: 4)
        let a = Tensor<Double>.uniform(shape: [33, 65], low: -1, high: 1, using: &rng)
        let b = Tensor<Double>.uniform(shape: [65, 17], low: -1, high: 1, using: &rng)
        let exact = textbookProduct(a, b, false, false)
        let c = Tensor.matmul(a.converted(to: Float.self), b.converted(to: Float.self))
        for (x, y) in zip(c.scalars, exact.scalars) { XCTAssertEqual(Double(x), y, accuracy: 1e-4) }
    }

    func testAccumulatingIntoExistingOutput() {
        let a = Tensor<Double>(shape: [1, 2], scalars: [1, 2])
        let b = Tensor<Double>(shape: [2, 1], scalars: [3, 4])
        var c = Tensor<Double>(shape: [1, 1], scalars: [10])
        Tensor.matmul(a, b, into: &c, alpha: 2, beta: 1)
        XCTAssertEqual(c.scalars, [10 + 2 * 11])
    }

    /// The product's storage is not zero-filled before BLAS writes it, so an
    /// empty inner dimension (which BLAS never writes) must still give zeros.
    func testEmptyInnerDimensionGivesZerosAndEmptyOuterDimensionsGiveEmptyProducts() {
        let zeroInner = Tensor.matmul(Tensor<Float>(zeros: [3, 0]), Tensor<Float>(zeros: [0, 4]))
        XCTAssertEqual(zeroInner.shape, [3, 4])
        XCTAssertEqual(zeroInner.scalars, [Float](repeating: 0, count: 12))
        let noRows = Tensor.matmul(Tensor<Float>(zeros: [0, 5]), Tensor<Float>(zeros: [5, 2]))
        XCTAssertEqual(noRows.shape, [0, 2])
        XCTAssertTrue(noRows.scalars.isEmpty)
    }
}
