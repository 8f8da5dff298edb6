import PimpiKernel

/// The rounds of one count: one round of all the throws, or rounds until a
/// `--target-error` says stop (`PrecisionTarget.decide`). A fixed count and a
/// precision target run through the same loop (`Job.countRounds`); the plan
/// only says which throws come next. Every rank holds one and feeds it the
/// same sums, so all decide alike.
struct RoundPlan: Equatable {
    private let amount: RunConfiguration.Amount
    /// Throws and hits of the rounds so far, and how many rounds.
    private(set) var done: UInt64 = 0
    private(set) var hits: UInt64 = 0
    private(set) var rounds = 0
    /// How a precision run ended, once it has.
    private(set) var target: RunReport.TargetOutcome?
    private var nextSize: UInt64?

    init(_ amount: RunConfiguration.Amount) {
        self.amount = amount
        switch amount {
        case .throwCount(let count): nextSize = count
        case .precision(let target): nextSize = target.firstRoundSize
        case .duration: preconditionFailure("Job.prepare sizes --duration into a throw count before any row")
        }
    }

    /// The next round's throws, or nil when the count is done.
    var next: ThrowRange? { nextSize.map { ThrowRange(first: done, count: $0) } }

    /// Takes the round's hits, summed over every rank, and decides the next.
    mutating func finish(hits roundHits: UInt64) {
        guard let size = nextSize else { preconditionFailure("no round to finish") }
        done += size
        hits += roundHits
        rounds += 1
        guard case .precision(let precision) = amount else {
            nextSize = nil
            return
        }
        switch precision.decide(done: done, hits: hits) {
        case .reached:
            target = RunReport.TargetOutcome(target: precision, rounds: rounds, reached: true)
            nextSize = nil
        case .capped:
            target = RunReport.TargetOutcome(target: precision, rounds: rounds, reached: false)
            nextSize = nil
        case .next(let size):
            nextSize = size
        }
    }
}
