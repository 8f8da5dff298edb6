/// `--target-error E`: throw in rounds until π's interval at `--confidence`
/// is at most E either side, or until `--max-throws` is reached (the rounds:
/// Run/PrecisionRounds.swift).
struct PrecisionTarget: Equatable, Sendable {
    var targetError: Double
    var maxThrows: UInt64
    var confidence: Double

    /// Without --max-throws: 10¹², a few minutes on a 2-core machine.
    static let defaultMaxThrows: UInt64 = 1_000_000_000_000
    /// The first round: enough throws for p̂ to be a good guide to the rest.
    /// `--max-throws` may not be smaller, so every verdict rests on at least
    /// this many throws (about 5 ms of one core's work).
    static let firstRound: UInt64 = 1 << 24
    /// Later rounds are never smaller than this, so rounds stay few.
    static let smallestRound: UInt64 = 1 << 22

    /// Why `--max-throws` cannot be `maxThrows`, or nil when it can.
    static func maxThrowsProblem(_ maxThrows: UInt64) -> String? {
        guard maxThrows < firstRound else { return nil }
        return "--max-throws \(TextLayout.grouped(maxThrows)) is below the first round of "
            + "\(TextLayout.grouped(firstRound)) throws, the fewest a precision is judged by"
    }

    init(targetError: Double, maxThrows: UInt64 = defaultMaxThrows, confidence: Double = RunOptions.defaultConfidence) {
        self.targetError = targetError
        self.maxThrows = maxThrows
        self.confidence = confidence
    }
}
