import Foundation
import Tensor
import XCTest

final class BLASIdleWorkersTests: XCTestCase {
    /// CPU seconds the whole process uses while its main thread sleeps.
    private func processCPUSeconds(whileSleeping seconds: Double) -> Double {
        func cpu() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
                + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        }
        let start = cpu()
        usleep(useconds_t(seconds * 1e6))
        return cpu() - start
    }

    /// Before the change, OpenBLAS's idle worker spun for about 2^28 cycles
    /// after a threaded product (60–110 ms of CPU on an idle 2-core machine);
    /// now it sleeps after 2^20, well under a millisecond. A loaded machine
    /// can only make the spin look shorter, never longer.
    func testIdleWorkerSleepsSoonAfterAThreadedProduct() throws {
        if ProcessInfo.processInfo.environment["OPENBLAS_THREAD_TIMEOUT"] != nil {
            throw XCTSkip("the user's OPENBLAS_THREAD_TIMEOUT takes precedence")
        }
        XCTAssertTrue(BLASIdleWorkers.shortenSpin(), "Debian's OpenBLAS exports the functions it needs")
        var rng = SeededGenerator(seed: 5)
        let a = Tensor<Float>.uniform(shape: [512, 512], low: -1, high: 1, using: &rng)
        var c = Tensor<Float>(zeros: [512, 512])
        for _ in 0..<3 {
            BLASThreads.with(2) { Tensor.matmul(a, a, into: &c) }
            XCTAssertLessThan(processCPUSeconds(whileSleeping: 0.3), 0.02)
        }
    }

    /// The anchors (numpy, PyTorch) run as child processes and must see the
    /// environment their user set, not ours.
    func testEnvironmentIsLeftAsItWas() {
        let before = ProcessInfo.processInfo.environment["OPENBLAS_THREAD_TIMEOUT"]
        BLASIdleWorkers.shortenSpin()
        XCTAssertEqual(ProcessInfo.processInfo.environment["OPENBLAS_THREAD_TIMEOUT"], before)
    }
}
