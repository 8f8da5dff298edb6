import CPimpiCPU
import Foundation
import PimpiKernel

#if canImport(Glibc)
import Glibc
#endif

/// Faults a test makes one core commit (`TestHooks.screenFaults`); the
/// shipped binary hands none. They act on the real count and the real time:
/// the screen measures them as it would a real fault.
struct ScreenFaults: Sendable {
    /// The hits a kernel count on `cpu` reports, given the right ones.
    var hits: (@Sendable (_ cpu: Int, _ hits: UInt64) -> UInt64)?
    /// After each kernel count on `cpu`, inside its timed span: how long the
    /// count took, and the share of the screen's time gone (0 to 1).
    var afterCount: (@Sendable (_ cpu: Int, _ took: Duration, _ elapsed: Double) -> Void)?

    static let none = ScreenFaults(hits: nil, afterCount: nil)
}

/// What one PU did in the screen.
struct ScreenedPUResult: Equatable, Sendable {
    var pu: ScreenedPU
    /// Whether its thread was bound to it (else the OS placed the thread).
    var pinned: Bool
    var firstCounts = 0
    var checkCounts = 0
    var settleCounts = 0
    /// Throws its kernel counts covered (first and second counts).
    var throwsCounted: UInt64 = 0
    var samples: [ScreenSample] = []

    var blocks: Int { firstCounts + checkCounts }
}

/// A finished screen: what every PU did, and the ledger's verdicts.
struct ScreenOutcome: Equatable, Sendable {
    var plan: ScreenPlan
    var kernel: Kernel
    var seed: UInt64
    /// From the start to the end of the screen's time, and after it, until
    /// every block begun had its counts.
    var seconds: Double
    var drainSeconds: Double
    var pus: [ScreenedPUResult]
    var blocks: UInt64
    var blocksChecked: Int
    var settled: [BlockLedger.Settled]

    var throwsCounted: UInt64 { pus.reduce(0) { $0 + $1.throwsCounted } }

    /// The screen's wall time on every core of the plan: what its rate per
    /// core is over, as a count's is over its ranks' kernel seconds.
    var coreSeconds: Double { (seconds + drainSeconds) * Double(plan.cores) }

    var throwsPerSecondPerCore: Double { Double(throwsCounted) / coreSeconds }

    /// The median of every PU's clock samples; nil where none was counted.
    var clockHz: Double? { pus.flatMap { $0.samples.compactMap(\.clockHz) }.median }
}

/// How a screen ended.
enum ScreenEnd: Equatable, Sendable {
    case finished(ScreenOutcome)
    /// A PU's thread did not hand back its block within the bound after the
    /// screen's time: the CPU, and how long it had been on that block.
    case hung(cpu: Int, seconds: Double)
}

/// The screen itself: one thread on each PU of the plan, pinned to it, each
/// counting the ledger's blocks with `kernel` (second counts too, and
/// settles with the scalar reference kernel) and sampling its clock and
/// rate, for `seconds`; then every block begun is finished.
enum Screener {
    /// Seconds between a PU's samples: a fortieth of the screen, so that
    /// each quarter holds ten (`ThrottleCheck`), and at least 50 ms, so that
    /// a sample (about 1.5 ms of add chains) is a small part of it; at most
    /// 5 s, so a long screen still sees a core slow down within seconds.
    static func sampleInterval(seconds: Double) -> Double { min(max(seconds / 40, 0.05), 5) }

    static func run(plan: ScreenPlan, kernel: Kernel, seed: UInt64, seconds: Double, endBound: Double,
                    faults: ScreenFaults = .none) -> ScreenEnd {
        let ledger = BlockLedger(plan: plan)
        let results = ResultSlots(plan.pus.map { ScreenedPUResult(pu: $0, pinned: false) })
        let clock = ContinuousClock()
        let started = clock.now
        let interval = sampleInterval(seconds: seconds)
        let group = DispatchGroup()
        for index in plan.pus.indices {
            group.enter()
            let thread = Thread {
                var result = results[index]
                result.pinned = cpimpi_bind_thread(NumberSet([result.pu.cpu]).words(),
                                                   Int32(NumberSet.cpuWordCount)) == 0
                work(index, plan: plan, ledger: ledger, kernel: kernel, seed: seed, started: started,
                     seconds: seconds, interval: interval, faults: faults, result: &result)
                results[index] = result
                group.leave()
            }
            thread.name = "pimpi screen CPU \(plan.pus[index].cpu)"
            thread.start()
        }
        Thread.sleep(until: Date().addingTimeInterval(max(seconds - (clock.now - started).seconds, 0)))
        ledger.close()
        let closed = clock.now
        if group.wait(timeout: .now() + endBound) == .timedOut {
            let busy = ledger.busy().min { $0.since < $1.since }
            let cpu = busy.map { plan.pus[$0.pu].cpu } ?? plan.pus[0].cpu
            return .hung(cpu: cpu, seconds: busy.map { (clock.now - $0.since).seconds } ?? endBound)
        }
        let summary = ledger.summary()
        return .finished(ScreenOutcome(
            plan: plan, kernel: kernel, seed: seed, seconds: (closed - started).seconds,
            drainSeconds: (clock.now - closed).seconds, pus: results.all, blocks: summary.blocks,
            blocksChecked: summary.checked, settled: summary.settled))
    }

    /// One PU's loop: ask the ledger, count, hand back, and sample while the
    /// screen's time runs.
    private static func work(_ index: Int, plan: ScreenPlan, ledger: BlockLedger, kernel: Kernel, seed: UInt64,
                             started: ContinuousClock.Instant, seconds: Double, interval: Double,
                             faults: ScreenFaults, result: inout ScreenedPUResult) {
        let clock = ContinuousClock()
        let cpu = result.pu.cpu
        var nextSample = interval
        var intervalThrows: UInt64 = 0
        var intervalCPUSeconds = 0.0
        while true {
            let task = ledger.next(for: index)
            switch task {
            case .done:
                return
            case .wait:
                Thread.sleep(forTimeInterval: 0.000_5)
                continue
            case .settle(let dispute):
                let range = ThrowRange(first: dispute.block &* plan.blockThrows, count: plan.blockThrows)
                ledger.record(task, hits: HitCounting.countHitsScalar(seed: seed, range: range), by: index)
                result.settleCounts += 1
            case .first(let block), .check(let block, _):
                let range = ThrowRange(first: block &* plan.blockThrows, count: plan.blockThrows)
                let cpuStart = threadCPUSeconds()
                let wallStart = clock.now
                var hits = kernel.countHits(seed: seed, range: range)
                if let miscount = faults.hits { hits = miscount(cpu, hits) }
                faults.afterCount?(cpu, clock.now - wallStart, (clock.now - started).seconds / seconds)
                intervalCPUSeconds += threadCPUSeconds() - cpuStart
                intervalThrows += plan.blockThrows
                result.throwsCounted += plan.blockThrows
                ledger.record(task, hits: hits, by: index)
                if case .first = task { result.firstCounts += 1 } else { result.checkCounts += 1 }
            }
            let now = (clock.now - started).seconds
            if now >= nextSample, intervalThrows > 0, intervalCPUSeconds > 0, !ledger.isClosed {
                result.samples.append(ScreenSample(seconds: now, clockHz: CoreClock.measure(),
                                                   throwsPerCPUSecond: Double(intervalThrows) / intervalCPUSeconds))
                intervalThrows = 0
                intervalCPUSeconds = 0
                nextSample = now + interval
            }
        }
    }

    /// This thread's CPU time: what it ran, not what it waited.
    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}

/// One slot per PU, each written by its own thread and read after they end.
private final class ResultSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [ScreenedPUResult]

    init(_ slots: [ScreenedPUResult]) { self.slots = slots }

    subscript(index: Int) -> ScreenedPUResult {
        get { lock.withLock { slots[index] } }
        set { lock.withLock { slots[index] = newValue } }
    }

    var all: [ScreenedPUResult] { lock.withLock { slots } }
}
