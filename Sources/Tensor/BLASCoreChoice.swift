#if canImport(Glibc)
import Glibc
#endif
import CBLAS
import Foundation

/// OpenBLAS picks its kernels for the CPU it runs on from a table of the CPU
/// models it knew when it was released, and falls back to its oldest x86-64
/// kernels on a model it does not know. Debian 12's OpenBLAS 0.3.21 takes a
/// Sapphire Rapids Xeon (AVX-512) for a Prescott (SSE3): a Problem 3 ResNet
/// pair was estimated at 3h41m there with the Prescott kernels and 2h16m with
/// the SkylakeX ones.
///
/// OpenBLAS lets a user name the kernels in `OPENBLAS_CORETYPE`. When the user
/// has not, `applyForThisCPU` does what that user would do: where OpenBLAS fell
/// back to kernels narrower than AVX2 with FMA on a CPU that has them, it names
/// the kernels the CPU's instruction set runs. A user's own choice is never
/// replaced, and a core OpenBLAS knows is never second-guessed.
public enum BLASCoreChoice {
    /// OpenBLAS's names of its x86 kernels that are older than AVX2 with FMA
    /// ("Unknown" when it found none). A name not listed, a newer core
    /// included, is left alone.
    static let fallbackCores: Set<String> = [
        "unknown", "katmai", "coppermine", "northwood", "prescott", "banias", "atom", "core2", "penryn",
        "dunnington", "nehalem", "sandybridge", "athlon", "opteron", "opteron(sse3)", "barcelona", "nano",
        "bobcat", "bulldozer", "piledriver", "steamroller",
    ]

    /// The kernels to use instead of `detectedCore`, or nil to keep it.
    /// `cpuFlags` are the CPU's features as Linux lists them (the kernel
    /// drops AVX-512 there when the OS does not save its registers).
    public static func replacement(for detectedCore: String, cpuFlags: Set<String>, userChoice: String?,
                                   dynamicArchitecture: Bool) -> String? {
        guard dynamicArchitecture, userChoice == nil, fallbackCores.contains(detectedCore.lowercased()) else { return nil }
        if cpuFlags.isSuperset(of: ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]) { return "SkylakeX" }
        if cpuFlags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }

    /// The first `flags` line of a /proc/cpuinfo text, as a set.
    public static func cpuFlags(cpuinfo: String) -> Set<String> {
        guard let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
              let colon = line.firstIndex(of: ":")
        else { return [] }
        return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    }

    /// What OpenBLAS picked by itself, and what this process runs instead
    /// (nil when nothing was replaced).
    public struct Choice: Equatable, Sendable {
        public var detected: String
        public var replacedBy: String?

        /// "SkylakeX; OpenBLAS alone picks Prescott on this CPU", or the detected core.
        public var description: String {
            replacedBy.map { "\($0); OpenBLAS alone picks \(detected) on this CPU" } ?? detected
        }
    }

    /// Replaces fallback kernels, once per process; call it before the first
    /// BLAS call, as the process starts (OpenBLAS holds no kernel-specific
    /// state until then). Later calls return the first call's choice.
    @discardableResult
    public static func applyForThisCPU() -> Choice { applied }

    private static let applied: Choice = {
        let detected = String(cString: openblas_get_corename())
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let userChoice = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"]
        let dynamic = String(cString: openblas_get_config()).split(separator: " ").contains("DYNAMIC_ARCH")
        guard let core = replacement(for: detected, cpuFlags: cpuFlags(cpuinfo: cpuinfo), userChoice: userChoice,
                                     dynamicArchitecture: dynamic),
              reinitialise(as: core)
        else { return Choice(detected: detected, replacedBy: nil) }
        // An OpenBLAS built without those kernels keeps the ones it found.
        let now = String(cString: openblas_get_corename())
        return Choice(detected: detected, replacedBy: now == detected ? nil : now)
    }()

    /// OpenBLAS's own start-up path, run again: `gotoblas_dynamic_init` reads
    /// `OPENBLAS_CORETYPE` and sets the kernel table, once `gotoblas_dynamic_quit`
    /// has cleared it. The variable is removed again so that child processes
    /// (the numpy and PyTorch anchors) choose for themselves.
    private static func reinitialise(as core: String) -> Bool {
        #if canImport(Glibc)
        typealias CFunction = @convention(c) () -> Void
        guard let handle = dlopen(nil, RTLD_NOW),
              let quit = dlsym(handle, "gotoblas_dynamic_quit"),
              let initialise = dlsym(handle, "gotoblas_dynamic_init")
        else { return false }
        setenv("OPENBLAS_CORETYPE", core, 1)
        defer { unsetenv("OPENBLAS_CORETYPE") }
        unsafeBitCast(quit, to: CFunction.self)()
        unsafeBitCast(initialise, to: CFunction.self)()
        return true
        #else
        return false
        #endif
    }
}
