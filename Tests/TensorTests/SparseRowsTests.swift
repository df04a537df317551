@testable import Tensor
import XCTest

/// Sparse rows times a dense matrix against naive loops over the dense
/// matrices, the C kernel at every level against the Swift loop bit for bit,
/// and the transpose against the dense transpose. Shapes cover widths below,
/// at and past the kernel's 64-column blocks, empty rows and an all-zero matrix.
final class SparseRowsTests: XCTestCase {
    private let widths = [1, 7, 8, 63, 64, 65, 130, 666]

    /// A rows×columns matrix with about `density` of its entries nonzero, and
    /// every fifth row empty.
    private func sparseMatrix<Scalar: TensorScalar>(
        _ rows: Int, _ columns: Int, density: Double, _ rng: inout SeededGenerator
    ) -> Tensor<Scalar> {
        var m = Tensor<Scalar>(zeros: [rows, columns])
        for r in 0..<rows where r % 5 != 4 {
            for c in 0..<columns where rng.uniform(0, 1) < density { m[r, c] = Scalar(rng.uniform(-2, 2)) }
        }
        return m
    }

    private func naiveProduct<Scalar: TensorScalar>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>) -> Tensor<Scalar> {
        var out = Tensor<Scalar>(zeros: [a.shape[0], b.shape[1]])
        for i in 0..<a.shape[0] {
            for j in 0..<b.shape[1] {
                var sum = Scalar(0)
                for k in 0..<a.shape[1] { sum += a[i, k] * b[k, j] }
                out[i, j] = sum
            }
        }
        return out
    }

    func testProductMatchesNaiveLoopsInFloatAndDouble() {
        var rng = SeededGenerator(seed: 21)
        for width in widths {
            let a: Tensor<Float> = sparseMatrix(23, 37, density: 0.2, &rng)
            let b = Tensor<Float>.uniform(shape: [37, width], low: -1, high: 1, using: &rng)
            let product = SparseRows(nonzerosOf: a).times(b)
            let expected = naiveProduct(a, b)
            for (x, y) in zip(product.scalars, expected.scalars) { XCTAssertEqual(x, y, accuracy: 1e-5, "width \(width)") }

            let a64: Tensor<Double> = sparseMatrix(11, 19, density: 0.3, &rng)
            let b64 = Tensor<Double>.uniform(shape: [19, width], low: -1, high: 1, using: &rng)
            let product64 = SparseRows(nonzerosOf: a64).times(b64)
            for (x, y) in zip(product64.scalars, naiveProduct(a64, b64).scalars) { XCTAssertEqual(x, y, accuracy: 1e-12) }
        }
    }

    func testCKernelMatchesSwiftBitForBitAtEveryLevel() {
        var rng = SeededGenerator(seed: 22)
        for width in widths {
            let sparse = SparseRows(nonzerosOf: sparseMatrix(17, 150, density: 0.25, &rng) as Tensor<Float>)
            let dense = Tensor<Float>.uniform(shape: [150, width], low: -3, high: 3, using: &rng)
            let bias = Tensor<Float>.uniform(shape: [width], low: -1, high: 1, using: &rng)
            for addsBias in [false, true] {
                let expected = product(sparse, dense, addsBias ? bias : nil, level: nil)
                for level in 0...WinogradKernels.level {
                    let actual = product(sparse, dense, addsBias ? bias : nil, level: level)
                    XCTAssertTrue(zip(actual, expected).allSatisfy { $0.bitPattern == $1.bitPattern },
                                  "level \(level), width \(width), bias \(addsBias)")
                }
            }
        }
    }

    /// The product through the C kernel at `level`, or the Swift loop when nil.
    private func product(_ sparse: SparseRows<Float>, _ dense: Tensor<Float>, _ bias: Tensor<Float>? = nil, level: Int32?) -> [Float] {
        var out = [Float](repeating: .nan, count: sparse.rowCount * dense.shape[1])
        out.withUnsafeMutableBufferPointer { o in
            if let level {
                sparse.multiply(by: dense, adding: bias, into: o.baseAddress!, level: level)
            } else {
                sparse.multiplyInSwift(by: dense, adding: bias, into: o.baseAddress!)
            }
        }
        return out
    }

    /// The bias is added to each finished sum: the product, then a separate
    /// addition, gives the same bits.
    func testBiasIsAddedToTheFinishedSums() {
        var rng = SeededGenerator(seed: 26)
        assertBiasMatchesASeparateAddition(Float.self, rows: 30, columns: 90, width: 130, &rng)
        assertBiasMatchesASeparateAddition(Double.self, rows: 5, columns: 9, width: 70, &rng)
    }

    private func assertBiasMatchesASeparateAddition<Scalar: TensorScalar>(
        _: Scalar.Type, rows: Int, columns: Int, width: Int, _ rng: inout SeededGenerator
    ) {
        let sparse = SparseRows(nonzerosOf: sparseMatrix(rows, columns, density: 0.3, &rng) as Tensor<Scalar>)
        let dense = Tensor<Scalar>.uniform(shape: [columns, width], low: -1, high: 1, using: &rng)
        let bias = Tensor<Scalar>.uniform(shape: [width], low: -1, high: 1, using: &rng)
        var separate = sparse.times(dense)
        separate.addRowVector(bias)
        XCTAssertEqual(sparse.times(dense, adding: bias), separate, "\(Scalar.self)")
    }

    /// The listing against a plain scan, on rows that end in a zero and in a
    /// nonzero, rows with nothing but zeros or nothing but nonzeros, a
    /// negative zero (not listed) and a NaN (listed): Float through the C
    /// loops, Double through Swift's.
    func testNonzerosAreListedRowByRowInColumnOrder() {
        assertListing(Float.self)
        assertListing(Double.self)
    }

    private func assertListing<Scalar: TensorScalar>(_: Scalar.Type) {
        var rng = SeededGenerator(seed: 27)
        var m: Tensor<Scalar> = sparseMatrix(12, 33, density: 0.3, &rng)
        for c in 0..<33 { m[1, c] = Scalar(c + 1) }
        m[2, 32] = 5
        m[3, 32] = 0
        m[5, 3] = -0.0
        m[6, 0] = .nan
        let sparse = SparseRows(nonzerosOf: m)
        var values: [Scalar] = [], columns: [Int32] = [], starts = [0]
        for r in 0..<12 {
            for c in 0..<33 where m[r, c] != 0 { values.append(m[r, c]); columns.append(Int32(c)) }
            starts.append(values.count)
        }
        XCTAssertEqual(sparse.values.count, values.count, "\(Scalar.self)")
        XCTAssertTrue(zip(sparse.values, values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(Scalar.self)")
        XCTAssertEqual(sparse.columns, columns, "\(Scalar.self)")
        XCTAssertEqual(sparse.starts, starts, "\(Scalar.self)")
    }

    func testTransposeListsTheDenseTransposesNonzeros() {
        var rng = SeededGenerator(seed: 23)
        let a: Tensor<Float> = sparseMatrix(9, 14, density: 0.3, &rng)
        var aT = Tensor<Float>(zeros: [14, 9])
        for i in 0..<9 { for j in 0..<14 { aT[j, i] = a[i, j] } }
        let fromTranspose = SparseRows(nonzerosOf: a).transposed(), direct = SparseRows(nonzerosOf: aT)
        XCTAssertEqual(fromTranspose.rowCount, 14)
        XCTAssertEqual(fromTranspose.columnCount, 9)
        XCTAssertEqual(fromTranspose.values, direct.values)
        XCTAssertEqual(fromTranspose.columns, direct.columns)
        XCTAssertEqual(fromTranspose.starts, direct.starts)
    }

    /// Large enough to split its panels between the workers; the result is
    /// the single-threaded one, and writing into a used tensor overwrites it.
    func testSplitPanelsAndReusedStorageGiveTheSameProduct() {
        var rng = SeededGenerator(seed: 24)
        let sparse = SparseRows(nonzerosOf: sparseMatrix(100, 784, density: 0.19, &rng) as Tensor<Float>)
        let dense = Tensor<Float>.uniform(shape: [784, 666], low: -1, high: 1, using: &rng)
        let split = sparse.times(dense)
        var reused = Tensor<Float>(repeating: 7, shape: [100, 666])
        sparse.times(dense, into: &reused)
        XCTAssertEqual(reused, split)
        XCTAssertEqual(split.scalars, product(sparse, dense, level: nil))
    }

    func testAllZeroAndEmptyMatrices() {
        var rng = SeededGenerator(seed: 25)
        let dense = Tensor<Float>.uniform(shape: [6, 70], low: -1, high: 1, using: &rng)
        XCTAssertEqual(SparseRows(nonzerosOf: Tensor<Float>(zeros: [4, 6])).times(dense), Tensor(zeros: [4, 70]))
        XCTAssertEqual(SparseRows(nonzerosOf: Tensor<Float>(zeros: [0, 6])).times(dense).shape, [0, 70])
        XCTAssertEqual(SparseRows(nonzerosOf: Tensor<Float>(zeros: [3, 0])).times(Tensor(zeros: [0, 5])), Tensor(zeros: [3, 5]))
        XCTAssertEqual(SparseRows(nonzerosOf: Tensor<Float>(zeros: [4, 6])).density, 0)
        let bias = Tensor<Float>.uniform(shape: [70], low: -1, high: 1, using: &rng)
        var rows = Tensor<Float>(zeros: [2, 70])
        rows.addRowVector(bias)
        XCTAssertEqual(SparseRows(nonzerosOf: Tensor<Float>(zeros: [2, 6])).times(dense, adding: bias), rows)
    }
}
