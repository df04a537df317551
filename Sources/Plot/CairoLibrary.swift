import CCairo

/// The Cairo that draws the figures, for the provenance of results.
public enum CairoLibrary {
    /// "1.16.0", from the library loaded at run time.
    public static var version: String { String(cString: cairo_version_string()) }
}
