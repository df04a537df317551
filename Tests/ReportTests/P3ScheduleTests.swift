import XCTest
@testable import Report

/// What each profile runs for Problem 3, and the ResNet width override.
final class P3ScheduleTests: XCTestCase {
    func testFullIsTheOriginalAndTheOthersAreShortened() {
        XCTAssertTrue(P3Schedule.forProfile(.full).isOriginal)
        XCTAssertEqual(P3Schedule.forProfile(.full).mainEpochs, 35)
        XCTAssertFalse(P3Schedule.forProfile(.standard).isOriginal)
        XCTAssertFalse(P3Schedule.forProfile(.quick).isOriginal)
    }

    /// Without the override the ResNet configuration (and so its cache key) is
    /// the profile's; with it only the width changes, and only for the ResNet.
    func testResNetWidthOverrideChangesOnlyTheResNetWidth() throws {
        var options = BuildOptions()
        options.profile = .full
        let plain = P3ResNetStep().config(for: options)
        XCTAssertEqual(plain.schedule, P3Schedule.forProfile(.full))
        XCTAssertEqual(plain.runs.map(\.width), [1, 1])

        options.resnetWidth = 0.25
        let narrow = P3ResNetStep().config(for: options)
        XCTAssertEqual(narrow.runs.map(\.width), [0.25, 0.25])
        XCTAssertEqual(narrow.runs.map(\.epochs), [35, 35])
        XCTAssertEqual(narrow.schedule.resnetWidth, 0.25)
        XCTAssertNotEqual(try CacheKey.make(step: P3ResNetStep.self, config: narrow, seed: 1, fingerprints: [:]),
                          try CacheKey.make(step: P3ResNetStep.self, config: plain, seed: 1, fingerprints: [:]))
        XCTAssertEqual(P3TrainStep().config(for: options).schedule, P3Schedule.forProfile(.full))
    }
}
