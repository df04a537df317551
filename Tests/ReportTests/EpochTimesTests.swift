import XCTest
@testable import Sections

final class EpochTimesTests: XCTestCase {
    func testMedianOfOddAndEvenCountsAndTheRange() throws {
        let odd = try XCTUnwrap(EpochTimes([300, 100, 120]))
        XCTAssertEqual(odd.median, 120)
        XCTAssertEqual(odd.fastest, 100)
        XCTAssertEqual(odd.slowest, 300)
        XCTAssertEqual(try XCTUnwrap(EpochTimes([100, 140, 120, 1000])).median, 130)
        XCTAssertNil(EpochTimes([]))
        XCTAssertEqual(try XCTUnwrap(EpochTimes([.nan, 80])).median, 80, "an unreadable time is left out")
    }

    /// Even times give one figure; uneven ones the median, the range and why.
    func testTheSentenceExplainsOnlyAnUnevenSpread() throws {
        let even = try XCTUnwrap(EpochTimes([80, 90, 100]))
        XCTAssertFalse(even.isUneven)
        XCTAssertEqual(even.sentence, "An epoch took 1\u{00A0}min 30\u{00A0}s on this machine.")
        let uneven = try XCTUnwrap(EpochTimes([77, 250, 1065]))
        XCTAssertTrue(uneven.isUneven)
        XCTAssertTrue(uneven.sentence.hasPrefix("An epoch took 4\u{00A0}min 10\u{00A0}s at the median on this machine, and anything from 1\u{00A0}min 17\u{00A0}s to 17\u{00A0}min 45\u{00A0}s"), uneven.sentence)
    }
}
