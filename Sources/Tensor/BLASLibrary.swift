import CBLAS

/// The OpenBLAS this process runs on, for the provenance of results: its
/// kernels, chosen for the CPU at run time, decide the rounding of every matrix product.
public enum BLASLibrary {
    /// "0.3.21 (Haswell)": the version from OpenBLAS's own build configuration
    /// ("OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64"), then
    /// the kernels it uses on this CPU.
    public static var version: String {
        let config = String(cString: openblas_get_config()).split(separator: " ")
        let version = config.count > 1 && config[0] == "OpenBLAS" ? String(config[1]) : config.joined(separator: " ")
        let core = String(cString: openblas_get_corename())
        return core.isEmpty ? version : "\(version) (\(core))"
    }
}
