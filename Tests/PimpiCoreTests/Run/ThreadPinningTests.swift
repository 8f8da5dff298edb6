@testable import PimpiCore
import Testing

/// Which ranks pin their threads, where, and that a pin holds.
@Suite("Thread pinning")
struct ThreadPinningTests {
    static let smtNode = TopologyPlacementTests.smtNode
    static let twoSockets = TopologyPlacementTests.twoSockets

    @Test("pinning: a bound rank with cores of its own; not unbound ranks, nor ranks sharing a core")
    func pinning() {
        let placed = TopologyPlacementTests.placed
        func facts(_ ranks: [RankPlacement]) -> [RankFacts] {
            ranks.map { rank in
                let host = HostFacts(stderrIsTerminal: false, affinity: rank.cpus, onlineCPUCount: rank.hostCPUCount,
                                     supportedKernels: [.baseline], topology: Self.smtNode)
                return RankFacts(words: RankFacts.words(threads: rank.threads, threadsAuto: false, host: host,
                                                        winner: Kernel.all[0], trial: nil, clockHz: nil),
                                 host: rank.host, cpuModel: "Test CPU")
            }
        }
        // Bound to a core each; two hardware threads of one core; unbound; more threads than cores.
        #expect(ThreadPinning.pinning(facts([placed(0, [0, 1], Self.smtNode, 1, true, false),
                                             placed(1, [2, 3], Self.smtNode, 1, true, false)])) == [true, true])
        #expect(ThreadPinning.pinning(facts([placed(0, [0], Self.smtNode, 1, true, false),
                                             placed(1, [1], Self.smtNode, 1, true, false)])) == [false, false])
        #expect(ThreadPinning.pinning(facts([placed(0, Array(0 ..< 8), Self.smtNode, 1, true, false)])) == [false])
        #expect(ThreadPinning.pinning(facts([placed(0, [0, 1], Self.smtNode, 2, true, false)])) == [false])
    }

    @Test("a rank's facts and its threads' places survive the trip to the root")
    func words() throws {
        let host = HostFacts(stderrIsTerminal: false, affinity: NumberSet([0, 16]), onlineCPUCount: 32,
                             supportedKernels: [.baseline], topology: Self.twoSockets)
        let facts = RankFacts(words: RankFacts.words(threads: 2, threadsAuto: true, host: host, winner: Kernel.all[0],
                                                     trial: nil, clockHz: 3.7e9), host: "n1", cpuModel: "Test CPU")
        #expect(facts.clockHz == 3.7e9)
        #expect(facts.reach == Self.twoSockets.reach(of: NumberSet([0, 16])))
        #expect(facts.hostSize == Self.twoSockets.size && facts.threadsAuto && facts.cpus == NumberSet([0, 16]))
        let places = ThreadPinning.places(threads: 2, host: host)
        #expect(places.map(\.cpu) == [0, 16])
        #expect(ThreadPlace.places(words: places.flatMap(\.words)) == places)
    }

    @Test("a pinned thread runs on its CPU alone while it counts, and gets the rank's mask back")
    func pinsForReal() throws {
        let mask = try #require(HostFacts.affinityMask())
        let cpu = try #require(mask.numbers.last)
        let during = ThreadPinning.run(on: cpu, restoring: mask) { HostFacts.affinityMask() }
        #expect(during == NumberSet([cpu]))
        #expect(HostFacts.affinityMask() == mask)
    }
}
