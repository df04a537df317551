@testable import Tensor
import XCTest

/// Products split between the workers against textbook loops and across
/// worker counts.
final class WorkerMatrixMultiplyTests: XCTestCase {
    /// 40·30·600 multiply-adds: above the split threshold, and 600 columns
    /// make a 304-column slice and a 296-column one.
    private let (m, k, n) = (40, 30, 600)

    private func factors<Scalar: TensorScalar>(_ ta: Bool, _ tb: Bool, seed: UInt64) -> (Tensor<Scalar>, Tensor<Scalar>) {
        var rng = SeededGenerator(seed: seed)
        return (Tensor<Scalar>.uniform(shape: ta ? [k, m] : [m, k], low: -1, high: 1, using: &rng),
                Tensor<Scalar>.uniform(shape: tb ? [n, k] : [k, n], low: -1, high: 1, using: &rng))
    }

    func testEveryTransposeCombinationMatchesNaiveLoops() {
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let (a, b): (Tensor<Double>, Tensor<Double>) = factors(ta, tb, seed: 5)
            let c = Tensor.matmulOnWorkers(a, b, transposeA: ta, transposeB: tb, workers: 2)
            XCTAssertEqual(c.shape, [m, n])
            for (x, y) in zip(c.scalars, textbookProduct(a, b, ta, tb).scalars) { XCTAssertEqual(x, y, accuracy: 1e-12) }
        }
    }

    /// The slices depend on the shape only: no worker count moves a bit.
    func testResultIsBitIdenticalForAnyWorkerCount() {
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let (a, b): (Tensor<Float>, Tensor<Float>) = factors(ta, tb, seed: 6)
            let alone = Tensor.matmulOnWorkers(a, b, transposeA: ta, transposeB: tb, workers: 1)
            for workers in 2...3 {
                let split = Tensor.matmulOnWorkers(a, b, transposeA: ta, transposeB: tb, workers: workers)
                let differing = zip(split.scalars, alone.scalars).filter { $0 != $1 }.count
                XCTAssertEqual(differing, 0, "workers \(workers), transposes \(ta) \(tb)")
            }
        }
    }

    func testEmptyInnerDimensionGivesZeros() {
        let c = Tensor.matmulOnWorkers(Tensor<Float>(zeros: [3, 0]), Tensor<Float>(zeros: [0, 40]), workers: 2)
        XCTAssertEqual(c.shape, [3, 40])
        XCTAssertEqual(c.scalars, [Float](repeating: 0, count: 120))
        XCTAssertEqual(Tensor.matmulOnWorkers(Tensor<Float>(zeros: [0, 5]), Tensor<Float>(zeros: [5, 2])).shape, [0, 2])
    }

    func testSideBySideRunsBothPiecesOnOneThreadOrTwo() {
        let saved = Parallelism.threads
        defer { Parallelism.threads = saved }
        for threads in [1, 2] {
            Parallelism.threads = threads
            var first = 0, second = 0
            runSideBySide({ first += 1 }, { second += 1 })
            XCTAssertEqual([first, second], [1, 1], "threads \(threads)")
        }
    }

    /// Slices cover the columns once, in order, each but the last a multiple
    /// of 16 columns; small products stay whole.
    func testColumnSlicesCoverTheProductOnce() {
        for n in [1, 15, 383, 384, 500, 666, 4000] {
            let slices = Tensor<Float>.workerColumnSlices(n: n, multiplyAdds: 1 << 20)
            XCTAssertEqual(slices.first?.lowerBound, 0)
            XCTAssertEqual(slices.last?.upperBound, n)
            for (s, t) in zip(slices, slices.dropFirst()) {
                XCTAssertEqual(s.upperBound, t.lowerBound)
                XCTAssertEqual(s.count % 16, 0, "n \(n)")
                XCTAssertGreaterThanOrEqual(s.count, 192, "n \(n)")
            }
        }
        XCTAssertEqual(Tensor<Float>.workerColumnSlices(n: 666, multiplyAdds: 1000), [0..<666])
    }

    /// A power of two of slices, at least 192 columns wide: the shapes of
    /// Problem 1's and SmallVGGNet's layers.
    func testSliceCountsOfTheNetworksWidths() {
        let counts = [383, 384, 500, 512, 666, 1024, 4000].map {
            Tensor<Float>.workerColumnSlices(n: $0, multiplyAdds: 1 << 20).count
        }
        XCTAssertEqual(counts, [1, 2, 2, 2, 2, 4, 16])
        XCTAssertEqual(Tensor<Float>.workerColumnSlices(n: 666, multiplyAdds: 1 << 20), [0..<336, 336..<666])
    }
}
