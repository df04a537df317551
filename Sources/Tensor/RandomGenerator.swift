import Foundation

/// A seeded xoshiro256** generator. Its stream depends only on the seed (integer
/// arithmetic), so every machine draws the same numbers; the state is Codable so a
/// checkpoint can resume the exact stream.
public struct SeededGenerator: RandomNumberGenerator, Codable, Equatable, Sendable {
    public private(set) var state: [UInt64]

    public init(seed: UInt64) {
        var mixer = seed
        state = (0..<4).map { _ in SeededGenerator.splitMix(&mixer) }
    }

    /// An independent generator for a named sub-task, so adding a draw in one
    /// part of a run does not shift the numbers of another.
    public func derived(_ label: String) -> SeededGenerator {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a, stable across runs unlike Hasher
        for byte in label.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return SeededGenerator(seed: state[0] ^ hash)
    }

    private static func splitMix(_ x: inout UInt64) -> UInt64 {
        x &+= 0x9e37_79b9_7f4a_7c15
        var z = x
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    public mutating func next() -> UInt64 {
        let result = rotl(state[1] &* 5, 7) &* 9
        let t = state[1] << 17
        state[2] ^= state[0]
        state[3] ^= state[1]
        state[1] ^= state[2]
        state[0] ^= state[3]
        state[2] ^= t
        state[3] = rotl(state[3], 45)
        return result
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * nextUnitDouble()
    }

    /// Standard normal by Marsaglia's polar method (only sqrt and log, which
    /// are correctly rounded or nearly so in every libm we target).
    public mutating func normal() -> Double {
        while true {
            let u = 2 * nextUnitDouble() - 1
            let v = 2 * nextUnitDouble() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                return u * (-2 * Foundation.log(s) / s).squareRoot()
            }
        }
    }

    /// Uniform integer in 0..<bound without modulo bias.
    public mutating func integer(below bound: Int) -> Int {
        Int(next(upperBound: UInt64(bound)))
    }

    /// A uniformly random permutation of 0..<count (Fisher–Yates).
    public mutating func permutation(_ count: Int) -> [Int] {
        var order = Array(0..<count)
        var i = count - 1
        while i > 0 {
            let j = integer(below: i + 1)
            order.swapAt(i, j)
            i -= 1
        }
        return order
    }
}

extension Tensor {
    public static func uniform(
        shape: [Int], low: Double, high: Double, using rng: inout SeededGenerator
    ) -> Tensor {
        let n = shape.reduce(1, *)
        return Tensor(shape: shape, scalars: (0..<n).map { _ in Scalar(rng.uniform(low, high)) })
    }

    public static func normal(
        shape: [Int], mean: Double = 0, std: Double = 1, using rng: inout SeededGenerator
    ) -> Tensor {
        let n = shape.reduce(1, *)
        return Tensor(shape: shape, scalars: (0..<n).map { _ in Scalar(mean + std * rng.normal()) })
    }
}
