import CWorkerPool
import Foundation
@testable import Tensor
import XCTest

/// The pool behind the parallel passes: every iteration exactly once, calls
/// that return only when all are done, nested and concurrent calls, and
/// helpers that sleep and wake.
final class WorkerPoolTests: XCTestCase {
    /// Counts the runs of each iteration, from whichever threads run them.
    private final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var runs: [Int]
        private(set) var threads = Set<UInt>()
        init(_ count: Int) { runs = Array(repeating: 0, count: count) }
        var total: Int {
            lock.lock()
            defer { lock.unlock() }
            return runs.reduce(0, +)
        }
        func record(_ iteration: Int) {
            lock.lock()
            runs[iteration] += 1
            threads.insert(UInt(bitPattern: Int(bitPattern: pthread_self())))
            lock.unlock()
        }
    }

    override func tearDown() {
        a1_pool_set_spin_microseconds(200)
        super.tearDown()
    }

    /// Many passes of many sizes, each checked as soon as its call returns:
    /// a call that returned before a helper finished its iteration fails here.
    func testEveryIterationRunsOnceBeforeTheCallReturns() {
        for pass in 0..<2_000 {
            let iterations = [1, 2, 3, 5, 17, 64][pass % 6]
            let tally = Tally(iterations)
            WorkerPool.perform(iterations: iterations) { i in
                if i % 2 == 1 { usleep(20) }  // so that helpers still run while the caller is done
                tally.record(i)
            }
            XCTAssertEqual(tally.runs, Array(repeating: 1, count: iterations), "pass \(pass)")
            if tally.runs != Array(repeating: 1, count: iterations) { return }
        }
    }

    func testZeroIterationsRunNothing() {
        WorkerPool.perform(iterations: 0) { _ in XCTFail("ran an iteration of none") }
    }

    /// A call from inside an iteration runs there, on that thread, in order.
    func testNestedCallsComplete() {
        let outer = Tally(4)
        let inner = Tally(4 * 8)
        WorkerPool.perform(iterations: 4) { i in
            WorkerPool.perform(iterations: 8) { j in inner.record(i * 8 + j) }
            outer.record(i)
        }
        XCTAssertEqual(outer.runs, Array(repeating: 1, count: 4))
        XCTAssertEqual(inner.runs, Array(repeating: 1, count: 32))
    }

    /// Two threads of the process calling at once: one runs its own
    /// iterations while the other has the pool.
    func testConcurrentCallersBothComplete() {
        let tallies = [Tally(500), Tally(500)]
        DispatchQueue.concurrentPerform(iterations: 2) { caller in
            for pass in 0..<50 {
                WorkerPool.perform(iterations: 10) { i in tallies[caller].record(pass * 10 + i) }
            }
        }
        for tally in tallies { XCTAssertEqual(tally.runs, Array(repeating: 1, count: 500)) }
    }

    /// With no spinning, every pass finds the helpers asleep: they must be
    /// woken, and must take part (an iteration waits for the other to start).
    func testSleepingHelpersWakeAndTakePart() throws {
        try XCTSkipIf(Parallelism.threads < 2, "one thread: the pool has no helper")
        a1_pool_set_spin_microseconds(0)
        for _ in 0..<20 {
            usleep(2_000)  // long enough for a helper to have gone to sleep
            let started = Tally(2)
            let deadline = Date().addingTimeInterval(5)
            WorkerPool.perform(iterations: 2) { i in
                started.record(i)
                while started.total < 2 && Date() < deadline { usleep(50) }
            }
            XCTAssertEqual(started.runs, [1, 1])
            XCTAssertEqual(started.threads.count, 2, "both iterations ran on one thread: no helper woke")
            if started.threads.count != 2 { return }
        }
    }

    /// Helpers that yield while they wait for a pass count that processor
    /// time as waiting: some (how much depends on the machine's other load),
    /// and no more than the threads could have spent.
    func testYieldingWhileWaitingIsCounted() throws {
        try XCTSkipIf(Parallelism.threads < 2, "one thread: the pool has no helper")
        a1_pool_set_spin_microseconds(50_000)
        WorkerPool.perform(iterations: 2) { _ in }
        let before = WorkerPool.waitingSeconds, started = Date()
        usleep(20_000)  // the helper yields all along
        WorkerPool.perform(iterations: 2) { _ in }
        let waited = WorkerPool.waitingSeconds - before, elapsed = Date().timeIntervalSince(started)
        XCTAssertGreaterThan(waited, 0, "20 ms of yielding counted as none")
        XCTAssertLessThanOrEqual(waited, elapsed * Double(Parallelism.threads) + 0.001)
    }
}
