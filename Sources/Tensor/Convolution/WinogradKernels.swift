import CWinograd

/// The instruction-set level the C Winograd transforms run at: the highest
/// this CPU and operating system support, found once at start-up (cpuid and
/// XCR0), so one binary runs on any x86-64 and uses AVX2 where it exists.
/// Every level computes the same values in the same order.
public enum WinogradKernels {
    public static let level: Int32 = a1_winograd_detected_level()

    /// "AVX2" or "generic", for the bench's header.
    public static var levelName: String { level >= Int32(A1_WINOGRAD_AVX2) ? "AVX2" : "generic" }
}
