import CTurboJPEG

/// The libjpeg-turbo that decodes the photos, for the provenance of results.
public enum JPEGLibrary {
    /// "2.1.5", or nil where the headers did not say. TurboJPEG has no function
    /// that returns its version, and the libjpeg API reports the libjpeg version
    /// it emulates (6b), so this is the release of the headers built against
    /// (jconfig.h's LIBJPEG_TURBO_VERSION_NUMBER, e.g. 2001005); Debian builds
    /// them and the library from one source package, so they are the same release.
    public static var version: String? {
        let number = Int(LIBJPEG_TURBO_VERSION_NUMBER)
        guard number > 0 else { return nil }
        return "\(number / 1_000_000).\(number / 1000 % 1000).\(number % 1000)"
    }
}
