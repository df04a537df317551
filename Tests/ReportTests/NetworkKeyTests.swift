import Foundation
import XCTest
@testable import ReportKit
@testable import Sections

/// Run records once saved a run's network as an enum of the framework's; the
/// enum is now the report's (`NetworkKind`), and the framework keeps a key
/// holding its JSON. Runs saved before must read back, compare equal to the
/// runs planned now, and save again byte for byte as they were.
final class NetworkKeyTests: XCTestCase {
    /// `RunCost` as it was, with the enum itself in it.
    struct LegacyRunCost: Codable {
        var network: NetworkKind
        var epochs: Int
        var batchSize: Int
        var trainSamples: Int
        var evaluatedSamples: Int
        var finalSamples: Int
    }

    static let networks: [NetworkKind] = [
        .mlp(hidden: [666, 666]), .mlp(hidden: [1, 0]), .smallVGG, .catDogVGG,
        .resNet(batchNorm: true, width: 0.25), .resNet(batchNorm: false, width: 1),
    ]

    func testARunCostSavedWithTheEnumReadsBackEqualAndSavesTheSameBytes() throws {
        for network in Self.networks {
            let legacy = try JSONCoding.encode(LegacyRunCost(
                network: network, epochs: 35, batchSize: 128, trainSamples: 16_000, evaluatedSamples: 4_000, finalSamples: 0))
            let cost = try JSONCoding.decode(RunCost.self, from: legacy, file: "run.json")
            XCTAssertEqual(try JSONCoding.encode(cost), legacy, "\(network)")
            // The plan scales a saved run's time only when its network equals the planned run's.
            XCTAssertEqual(cost, RunCost(network: network, epochs: 35, batchSize: 128, trainSamples: 16_000, evaluatedSamples: 4_000))
            XCTAssertEqual(NetworkKind(cost.network), network)
        }
        XCTAssertNotEqual(NetworkKind.resNet(batchNorm: true, width: 0.25).key, NetworkKind.resNet(batchNorm: false, width: 0.25).key)
    }

    /// The JSON run files hold, written out: what the enum's cases and labels must go on producing.
    func testKeysHoldTheJSONThatRunFilesHold() {
        XCTAssertEqual(NetworkKind.catDogVGG.key.description, #"{"catDogVGG":{}}"#)
        XCTAssertEqual(NetworkKind.smallVGG.key.description, #"{"smallVGG":{}}"#)
        XCTAssertEqual(NetworkKind.resNet(batchNorm: true, width: 0.25).key.description, #"{"resNet":{"batchNorm":true,"width":0.25}}"#)
        XCTAssertEqual(NetworkKind.mlp(hidden: [666, 666]).key.description, #"{"mlp":{"hidden":[666,666]}}"#)
    }

    /// A run file as an earlier build wrote it, read the way the plan reads it.
    func testASavedRunHeaderReadsBackWithItsNetwork() throws {
        let directory = TemporaryDirectory("network-key")
        defer { directory.remove() }
        directory.write("""
            {"header": {"step": "p3.resnet", "run": "plain", "key": "0123456789abcdef", "wallSeconds": 6000, "epochsTrained": 35,
              "cost": {"network": {"resNet": {"batchNorm": false, "width": 0.25}}, "epochs": 35, "batchSize": 128,
                       "trainSamples": 16000, "evaluatedSamples": 4000, "finalSamples": 0},
              "calibration": 0.004, "peakResidentBytes": 2000000000,
              "provenance": {"gitCommit": "0123", "gitDirty": false, "createdAt": "2025-01-01T00:00:00Z", "threads": 2,
                             "cpuModel": "x", "cores": 2, "toolchain": "x"}},
             "output": {}}
            """, to: "runs/p3.resnet/plain.json")
        let saved = try XCTUnwrap(RunStore(reportsDirectory: directory.path).header(step: "p3.resnet", run: "plain"))
        XCTAssertEqual(saved.cost.network, NetworkKind.resNet(batchNorm: false, width: 0.25).key)
        XCTAssertEqual(saved.cost, RunCost(network: .resNet(batchNorm: false, width: 0.25), epochs: 35, batchSize: 128,
                                           trainSamples: 16_000, evaluatedSamples: 4_000))
    }

    /// The framework knows nothing of the value: any JSON comes back as it was read.
    func testAKeyOfAnyJSONEncodesAsItWasRead() throws {
        for json in [#"{"a":[1,2.5,"NaN",true,null,{}],"b":-3}"#, "[]", #"{"x":{"y":[[0]]}}"#] {
            let key = try JSONCoding.decode(NetworkKey.self, from: Data(json.utf8), file: "key.json")
            XCTAssertEqual(key.description, json)
            XCTAssertEqual(try JSONCoding.decode(NetworkKey.self, from: JSONCoding.encode(key), file: "key.json"), key)
        }
    }

    func testTheReportNamesAndSizesItsNetworksForThePlan() throws {
        let networks = ReportNetworks.coursework
        XCTAssertEqual(networks.describe(NetworkKind.resNet(batchNorm: false, width: 0.25).key), "ResNet-18 ×0.25 without BatchNorm")
        XCTAssertEqual(networks.describe(NetworkKind.catDogVGG.key), "cats-vs-dogs VGG")
        XCTAssertEqual(networks.estimatedPeakBytes(NetworkKind.catDogVGG.key, 128), 2 << 30)
        let unknown = try JSONCoding.decode(NetworkKey.self, from: Data(#"{"transformer":{}}"#.utf8), file: "key.json")
        XCTAssertNil(NetworkKind(unknown))
        XCTAssertEqual(networks.describe(unknown), #"{"transformer":{}}"#)
    }
}
