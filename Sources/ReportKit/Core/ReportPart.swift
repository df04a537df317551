/// One part of the report, the unit a reader sees as one numbered section:
/// the step that computes its results, the figures drawn from them and the
/// section (template and view model) that presents them. Each part lives in
/// its own folder under Sources/Sections; `ReportParts.all` lists them in the
/// report's order, and the registries of steps, figures and sections follow
/// from that one list.
package protocol ReportPart {
    /// The steps whose results the part presents (none for a part that only
    /// reads other parts' results, such as the comparison with the original).
    static var steps: [RegisteredStep] { get }
    /// Its figures, in the order the section shows them.
    static var figures: [ReportFigure] { get }
    static var section: ReportSection { get }
}

extension ReportPart {
    package static var steps: [RegisteredStep] { [] }
    package static var figures: [ReportFigure] { [] }
}
