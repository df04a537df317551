import Tensor
import XCTest

final class BLASCoreChoiceTests: XCTestCase {
    let avx512: Set<String> = ["sse3", "avx", "avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]
    let avx2: Set<String> = ["sse3", "avx", "avx2", "fma"]

    func choose(_ core: String, _ flags: Set<String>, user: String? = nil, dynamic: Bool = true) -> String? {
        BLASCoreChoice.replacement(for: core, cpuFlags: flags, userChoice: user, dynamicArchitecture: dynamic)
    }

    /// Debian 12's OpenBLAS on a Sapphire Rapids Xeon: Prescott.
    func testFallbackKernelsAreReplacedByTheWidestTheCPURuns() {
        XCTAssertEqual(choose("Prescott", avx512), "SkylakeX")
        XCTAssertEqual(choose("Prescott", avx2), "Haswell")
        XCTAssertEqual(choose("Sandybridge", avx2), "Haswell")
        XCTAssertEqual(choose("Unknown", avx512), "SkylakeX")
        // AVX-512 without the BW/DQ/VL parts the SkylakeX kernels use (Knights Landing).
        XCTAssertEqual(choose("Prescott", avx2.union(["avx512f", "avx512cd"])), "Haswell")
    }

    func testAKnownCoreTheUsersChoiceAndAStaticBuildAreLeftAlone() {
        for core in ["Haswell", "Zen", "SkylakeX", "Cooperlake", "SapphireRapids", "SomeFutureCore"] {
            XCTAssertNil(choose(core, avx512), core)
        }
        XCTAssertNil(choose("Prescott", avx512, user: "Prescott"))
        XCTAssertNil(choose("Prescott", avx512, dynamic: false))
        XCTAssertNil(choose("Prescott", ["sse3", "avx"]), "no AVX2 with FMA: nothing wider to choose")
    }

    func testCPUFlagsAreReadFromTheFirstFlagsLine() {
        let cpuinfo = """
            processor\t: 0
            model name\t: Some CPU
            flags\t\t: fpu sse3 avx2 fma avx512f
            bugs\t\t: spectre_v1

            processor\t: 1
            flags\t\t: fpu
            """
        XCTAssertEqual(BLASCoreChoice.cpuFlags(cpuinfo: cpuinfo), ["fpu", "sse3", "avx2", "fma", "avx512f"])
        XCTAssertEqual(BLASCoreChoice.cpuFlags(cpuinfo: "processor : 0\n"), [])
    }
}
