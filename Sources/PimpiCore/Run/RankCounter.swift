import Dispatch
import Foundation
import PimpiKernel

/// How one rank counts the hits of the ranges it is given: split over its
/// threads, and in slices with something in between (answering roll calls,
/// progress, serving dynamic-schedule requests), so that a counting rank
/// never looks gone.
final class RankCounter {
    let seed: UInt64
    let kernel: Kernel
    let threads: Int
    /// The CPU each thread is pinned to while it counts (`ThreadPinning`);
    /// empty where the OS places them.
    let pinnedTo: [Int]
    /// The rank's own mask, which a pinned thread gets back after its piece.
    let mask: NumberSet?
    /// Called after each piece of counting with how long it took, inside the
    /// timed part, so that time spent there counts as this rank's work.
    typealias PieceObserver = (Duration) -> Void
    private let afterPiece: PieceObserver?

    /// Throws per thread between two looks up from the kernel: about 0.1 s on
    /// the slowest core pimpi knows (2.3·10⁹ throws/s), 27 ms on the fastest,
    /// so a look (a probe for a roll call, a glance at the clock) costs
    /// nothing measurable and a rank answers within a roll call's wait.
    static let sliceThrows: UInt64 = 1 << 28

    /// Counting in slices of `throwCount` throws, with `after` called between
    /// them with the throws counted so far by this counter.
    struct Slices {
        let throwCount: UInt64
        let after: (UInt64) -> Void

        init(of throwCount: UInt64, after: @escaping (UInt64) -> Void) {
            precondition(throwCount >= 1)
            self.throwCount = throwCount
            self.after = after
        }
    }

    /// Throws counted so far, and the time spent counting them.
    private(set) var throwsCounted: UInt64 = 0
    private(set) var kernelSeconds: Double = 0

    /// `afterPiece`: only the test hooks' slow rank watches the pieces.
    init(seed: UInt64, kernel: Kernel, threads: Int, pinnedTo: [Int] = [], mask: NumberSet? = nil,
         afterPiece: PieceObserver? = nil) {
        precondition(threads >= 1)
        precondition(pinnedTo.isEmpty || (pinnedTo.count == threads && mask != nil))
        self.seed = seed
        self.kernel = kernel
        self.threads = threads
        self.pinnedTo = pinnedTo
        self.mask = mask
        self.afterPiece = afterPiece
    }

    /// Slices of `sliceThrows` per thread, with `after` between them.
    func slices(after: @escaping (UInt64) -> Void) -> Slices {
        Slices(of: Self.sliceThrows * UInt64(threads), after: after)
    }

    /// The hits of `range`; in `slices` when something must happen during the work.
    func count(_ range: ThrowRange, in slices: Slices? = nil) -> UInt64 {
        guard let slices, slices.throwCount < range.count else { return countTimed(range) }
        var hits: UInt64 = 0
        var next = range.first
        var remaining = range.count
        while remaining > 0 {
            let size = min(slices.throwCount, remaining)
            hits += countTimed(ThrowRange(first: next, count: size))
            next &+= size
            remaining -= size
            slices.after(throwsCounted)
        }
        return hits
    }

    private func countTimed(_ range: ThrowRange) -> UInt64 {
        let clock = ContinuousClock()
        let started = clock.now
        let hits = threads == 1
            ? Self.onThread(0, pinnedTo, mask) { kernel.countHits(seed: seed, range: range) } : countOnThreads(range)
        afterPiece?(clock.now - started)
        kernelSeconds += (clock.now - started).seconds
        throwsCounted += range.count
        return hits
    }

    /// The range cut into `threads` near-equal consecutive pieces, one per
    /// thread. Hits are exact integers, so the sum is the same however it is cut.
    private func countOnThreads(_ range: ThrowRange) -> UInt64 {
        let split = WorkSplit(totalThrows: range.count, rankCount: threads)
        let results = ThreadResults(count: threads)
        let (seed, kernel, pinnedTo, mask) = (self.seed, self.kernel, self.pinnedTo, self.mask)
        DispatchQueue.concurrentPerform(iterations: threads) { index in
            var piece = split.range(ofRank: index)
            piece.first &+= range.first
            results.store(Self.onThread(index, pinnedTo, mask) { kernel.countHits(seed: seed, range: piece) }, at: index)
        }
        return results.sum
    }

    /// `work` as thread `index`: on its pinned CPU where it has one.
    private static func onThread<T>(_ index: Int, _ pinnedTo: [Int], _ mask: NumberSet?, _ work: () -> T) -> T {
        guard let mask, pinnedTo.indices.contains(index) else { return work() }
        return ThreadPinning.run(on: pinnedTo[index], restoring: mask, work)
    }
}

/// One slot per thread; each thread writes only its own slot (raw memory, so no
/// copy-on-write or exclusivity bookkeeping is shared between threads), and the
/// sum is read after `concurrentPerform` has returned.
private final class ThreadResults: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<UInt64>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: 0)
    }

    deinit { slots.deallocate() }

    func store(_ value: UInt64, at index: Int) { slots[index] = value }

    var sum: UInt64 { slots.reduce(0, +) }
}
