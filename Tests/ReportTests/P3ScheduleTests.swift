import XCTest
@testable import ReportKit
@testable import Sections

/// What each profile runs for Problem 3, and the ResNet width override.
final class P3ScheduleTests: XCTestCase {
    func testOriginalIsTheOriginalScheduleAndTheOthersAreShortened() {
        XCTAssertTrue(P3Schedule.forProfile(.original).isOriginal)
        XCTAssertEqual(P3Schedule.forProfile(.original).mainEpochs, 35)
        XCTAssertFalse(P3Schedule.forProfile(.short).isOriginal)
        XCTAssertFalse(P3Schedule.forProfile(.quick).isOriginal)
        var fullWidth = P3Schedule.forProfile(.original)
        fullWidth.resnetWidth = 1
        XCTAssertTrue(fullWidth.isOriginal, "the width is stated in the text, not a shortening")
        XCTAssertEqual(Profile.standard, .original, "make report builds the committed schedule")
    }

    /// Results and baselines saved under the earlier names still load.
    func testEarlierProfileNamesDecode() throws {
        let names = try JSONDecoder().decode([Profile].self, from: Data(#"["default", "full", "short", "original", "quick"]"#.utf8))
        XCTAssertEqual(names, [.short, .original, .short, .original, .quick])
        XCTAssertThrowsError(try JSONDecoder().decode([Profile].self, from: Data(#"["fast"]"#.utf8)))
    }

    /// Without the override the ResNet configuration (and so its cache key) is
    /// the profile's; with it only the width changes, and only for the ResNet.
    func testResNetWidthOverrideChangesOnlyTheResNetWidth() throws {
        var options = BuildOptions()
        options.profile = .original
        let plain = P3ResNetStep().config(for: options)
        XCTAssertEqual(plain.schedule, P3Schedule.forProfile(.original))
        XCTAssertEqual(plain.runs.map(\.width), [0.25, 0.25])

        options.resnetWidth = 1
        let wide = P3ResNetStep().config(for: options)
        XCTAssertEqual(wide.runs.map(\.width), [1, 1])
        XCTAssertEqual(wide.runs.map(\.epochs), [35, 35])
        XCTAssertEqual(wide.schedule.resnetWidth, 1)
        XCTAssertNotEqual(try CacheKey.make(step: P3ResNetStep.self, config: wide, seed: 1, fingerprints: [:]),
                          try CacheKey.make(step: P3ResNetStep.self, config: plain, seed: 1, fingerprints: [:]))
        XCTAssertEqual(P3TrainStep().config(for: options).schedule, P3Schedule.forProfile(.original))
    }
}
