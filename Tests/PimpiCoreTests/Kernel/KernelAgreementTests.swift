@testable import PimpiCore
import Testing

@Suite("One kernel per CPU model")
struct KernelAgreementTests {
    static let pipelined8x6 = Kernel(name: "x86-64-v4:8x6-popcount-pipelined")!
    static let pipelined8x4 = Kernel(name: "x86-64-v4:8x4-popcount-pipelined")!
    static let lanes = Kernel(name: "x86-64-v3:16x2-lanes")!

    static func votes(_ list: [(String, Kernel)]) -> [KernelAgreement.Vote] {
        list.map { KernelAgreement.Vote(cpuModel: $0.0, kernel: $0.1) }
    }

    @Test("the shape that won on most ranks of a model runs on all of them")
    func majority() {
        let decided = KernelAgreement.decide(Self.votes([
            ("EPYC", Self.pipelined8x4), ("EPYC", Self.pipelined8x6), ("EPYC", Self.pipelined8x6),
        ]))
        #expect(decided.byRank == [Self.pipelined8x6, Self.pipelined8x6, Self.pipelined8x6])
        #expect(decided.choices == [.init(cpuModel: "EPYC", kernel: Self.pipelined8x6, ranks: 3, wins: 2)])
    }

    @Test("a tie goes to the lowest rank's winner")
    func tie() {
        let decided = KernelAgreement.decide(Self.votes([
            ("EPYC", Self.pipelined8x4), ("EPYC", Self.pipelined8x6), ("EPYC", Self.pipelined8x6),
            ("EPYC", Self.pipelined8x4),
        ]))
        #expect(Set(decided.byRank) == [Self.pipelined8x4])
        #expect(decided.choices.map(\.wins) == [2])
    }

    @Test("each CPU model, and each level of one model, decides for itself, in order of its first rank")
    func models() {
        let decided = KernelAgreement.decide(Self.votes([
            ("Xeon", Self.lanes), ("EPYC", Self.pipelined8x4), ("EPYC", Self.lanes), ("EPYC", Self.pipelined8x6),
            ("EPYC", Self.pipelined8x4),
        ]))
        #expect(decided.byRank == [Self.lanes, Self.pipelined8x4, Self.lanes, Self.pipelined8x4, Self.pipelined8x4])
        #expect(decided.choices.map(\.cpuModel) == ["Xeon", "EPYC", "EPYC"])
        #expect(decided.choices.map(\.ranks) == [1, 3, 1])
    }

    @Test("the summary of part of the job counts what those ranks ran and won")
    func choicesOfPart() {
        let votes = Self.votes([("EPYC", Self.pipelined8x4), ("EPYC", Self.pipelined8x6), ("EPYC", Self.pipelined8x6)])
        let running = KernelAgreement.decide(votes).byRank
        #expect(KernelAgreement.choices(Array(votes.prefix(1)), running: Array(running.prefix(1)))
            == [.init(cpuModel: "EPYC", kernel: Self.pipelined8x6, ranks: 1, wins: 0)])
    }
}
