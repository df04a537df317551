import Foundation

/// The unit a saved output holds its accuracies (and other shares) in.
///
/// Every step keeps them as fractions in [0, 1]. The outputs of Problems 1
/// and 2 once held percent and said nothing about it; rather than train them
/// again (their cache keys do not depend on the output, so they stay valid),
/// an output that holds shares writes `"accuracyUnit": "fraction"`, and one
/// without the marker is read as percent and divided by 100 as it is decoded.
enum AccuracyUnit: String, Codable, Sendable {
    case fraction
    case percent

    /// The key of the marker in every output that carries one.
    static let key = "accuracyUnit"

    /// `stored`, saved in this unit, as a fraction.
    func fraction(_ stored: Double) -> Double {
        switch self {
        case .fraction: stored
        case .percent: stored / 100
        }
    }
}

/// A piece of an output that holds shares but no marker of its own (an epoch's
/// point, a test score): the output around it says which unit they are in.
protocol HoldsShares {
    /// The same value with its shares, saved in `unit`, as fractions.
    func fractions(from unit: AccuracyUnit) -> Self
}

extension KeyedDecodingContainer {
    /// The unit the output being decoded declares; percent when it declares
    /// none, which only outputs saved before the marker existed do.
    func accuracyUnit() throws -> AccuracyUnit {
        guard let key = Key(stringValue: AccuracyUnit.key) else { return .percent }
        return try decodeIfPresent(AccuracyUnit.self, forKey: key) ?? .percent
    }

    /// The value at `key`, its shares saved in `unit`, with them as fractions.
    func decode<T: Decodable & HoldsShares>(_ type: T.Type, forKey key: Key, savedIn unit: AccuracyUnit) throws -> T {
        try decode(type, forKey: key).fractions(from: unit)
    }

    /// The values at `key`, their shares saved in `unit`, with them as fractions.
    func decode<T: Decodable & HoldsShares>(_ type: [T].Type, forKey key: Key, savedIn unit: AccuracyUnit) throws -> [T] {
        try decode(type, forKey: key).map { $0.fractions(from: unit) }
    }
}

/// `a − b` in percentage points, for two shares saved as fractions. Each is
/// turned into percent before subtracting, the arithmetic of the days they
/// were saved in percent, so that a difference printed to two decimals (or
/// compared with a threshold in points) comes out as it always did.
func percentagePoints(_ a: Double, minus b: Double) -> Double {
    100 * a - 100 * b
}
