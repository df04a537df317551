import ReportKit

/// Section 3.3: the retrained network and its Kaggle submission.
enum P3SubmissionPart: ReportPart {
    static let steps = [RegisteredStep(P3SubmissionStep.self)]
    static let section = P3Sections.submission
}
