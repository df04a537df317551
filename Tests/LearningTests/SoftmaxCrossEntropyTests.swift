import Foundation
import Learning
import Tensor
import XCTest

final class SoftmaxCrossEntropyTests: XCTestCase {
    func testKnownValues() {
        // logits (0, ln 3): p = (1/4, 3/4).
        let logits = Tensor<Double>(shape: [2, 2], scalars: [0, log(3), 0, log(3)])
        let loss = SoftmaxCrossEntropy(logits: logits, labels: [1, 0])
        XCTAssertEqual(loss.probabilities.scalars[0], 0.25, accuracy: 1e-15)
        XCTAssertEqual(loss.totalLoss, -log(0.75) - log(0.25), accuracy: 1e-12)
        XCTAssertEqual(loss.totalClampedLoss, -log(0.75 + 1e-8) - log(0.25 + 1e-8), accuracy: 1e-12)
        XCTAssertEqual(loss.correct, 1)
        let g = loss.logitGradient(labels: [1, 0])
        XCTAssertEqual(g.scalars, [0.125, -0.125, -0.375, 0.375].map { $0 }, "(p − onehot) / batch")
    }

    /// With saturated logits the clamped loss stops at −log(1e-8) ≈ 18.42 while the exact one keeps going.
    func testClampedLossSaturatesWhereExactLossDoesNot() {
        let logits = Tensor<Float>(shape: [1, 2], scalars: [0, 200])
        let loss = SoftmaxCrossEntropy(logits: logits, labels: [0])
        XCTAssertEqual(loss.totalClampedLoss, -log(1e-8), accuracy: 1e-6)
        XCTAssertEqual(loss.totalLoss, 200, accuracy: 1e-9)
    }

    func testUniformLogitsGiveLogOfClassCount() {
        let loss = SoftmaxCrossEntropy(logits: Tensor<Float>(zeros: [5, 10]), labels: [0, 1, 2, 3, 4])
        XCTAssertEqual(loss.totalLoss / 5, log(10), accuracy: 1e-12)
    }
}
