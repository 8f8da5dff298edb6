import Foundation

/// The screen's book of blocks, shared by its threads: which block each PU
/// counts next, which blocks wait for their second count, and which two
/// counts disagree and wait for a third. A block is a fixed range of throws
/// (`ScreenPlan.blockThrows`) whose hits have one right answer, so two
/// independent counts must be equal, with no tolerance.
///
/// A thread asks `next(for:)` for work and hands back what it counted.
/// Settling a disagreement comes first, then a second count (so no block
/// waits long for it), then a new block, while the screen lasts and the
/// blocks waiting for a second count stay few; after `close()` only what is
/// begun is finished.
final class BlockLedger: @unchecked Sendable {
    /// One count of a block: by which PU (its index in the plan), and its hits.
    struct Count: Equatable, Sendable {
        var pu: Int
        var hits: UInt64
    }

    /// Two counts of a block that differ.
    struct Dispute: Equatable, Sendable {
        var block: UInt64
        var first: Count
        var second: Count
    }

    /// A dispute and its third count, with the scalar reference kernel.
    struct Settled: Equatable, Sendable {
        var dispute: Dispute
        var settler: Count
    }

    enum Task: Equatable, Sendable {
        /// Count this new block.
        case first(block: UInt64)
        /// Count this block again; `first` counted it.
        case check(block: UInt64, first: Count)
        /// Count this disputed block with the scalar reference kernel.
        case settle(Dispute)
        /// Nothing this PU may do now; ask again shortly.
        case wait
        /// The screen is over and every block begun is settled.
        case done
    }

    let plan: ScreenPlan
    /// At most this many blocks wait for their second count before a PU
    /// takes a new one: where one socket has more PUs than the other, the
    /// larger one would otherwise pile up blocks the smaller must check
    /// after the end.
    let backlogLimit: Int

    private let lock = NSLock()
    private var nextBlock: UInt64 = 0
    private var awaitingCheck: [(block: UInt64, first: Count)] = []
    private var disputes: [Dispute] = []
    private var settled: [Settled] = []
    private var blocksChecked = 0
    /// Per PU, when it took the task it has not handed back; nil when idle.
    private var busySince: [ContinuousClock.Instant?]
    private var closed = false

    init(plan: ScreenPlan) {
        self.plan = plan
        backlogLimit = 2 * plan.pus.count
        busySince = Array(repeating: nil, count: plan.pus.count)
    }

    /// The work `pu` (an index into the plan's PUs) should do next.
    func next(for pu: Int) -> Task {
        lock.withLock {
            let me = plan.pus[pu]
            if let index = disputes.firstIndex(where: {
                plan.maySettle(plan.pus[$0.first.pu], plan.pus[$0.second.pu], by: me)
            }) {
                busySince[pu] = .now
                return .settle(disputes.remove(at: index))
            }
            if let index = awaitingCheck.firstIndex(where: { plan.mayCheck(plan.pus[$0.first.pu], by: me) }) {
                let waiting = awaitingCheck.remove(at: index)
                busySince[pu] = .now
                return .check(block: waiting.block, first: waiting.first)
            }
            if !closed, awaitingCheck.count < backlogLimit {
                busySince[pu] = .now
                defer { nextBlock += 1 }
                return .first(block: nextBlock)
            }
            let finished = closed && awaitingCheck.isEmpty && disputes.isEmpty && busySince.allSatisfy { $0 == nil }
            return finished ? .done : .wait
        }
    }

    /// `pu` counted `hits` for the task it was given.
    func record(_ task: Task, hits: UInt64, by pu: Int) {
        lock.withLock {
            busySince[pu] = nil
            let count = Count(pu: pu, hits: hits)
            switch task {
            case .first(let block):
                awaitingCheck.append((block, count))
            case .check(let block, let first):
                if first.hits == hits {
                    blocksChecked += 1
                } else {
                    disputes.append(Dispute(block: block, first: first, second: count))
                }
            case .settle(let dispute):
                blocksChecked += 1
                settled.append(Settled(dispute: dispute, settler: count))
            case .wait, .done:
                break
            }
        }
    }

    /// The screen's time is up: no new blocks from now on.
    func close() {
        lock.withLock { closed = true }
    }

    /// Whether the screen's time is up (samples stop there).
    var isClosed: Bool { lock.withLock { closed } }

    /// The PUs still inside a task, and since when, for a screen that does not end.
    func busy() -> [(pu: Int, since: ContinuousClock.Instant)] {
        lock.withLock { busySince.enumerated().compactMap { pu, since in since.map { (pu, $0) } } }
    }

    /// What the book holds now: blocks begun, blocks with two counts (or
    /// settled), and every settled dispute.
    func summary() -> (blocks: UInt64, checked: Int, settled: [Settled]) {
        lock.withLock { (nextBlock, blocksChecked, settled) }
    }
}
