@testable import PimpiCore
import Testing

@Suite("The screen's ledger of blocks")
struct BlockLedgerTests {
    /// Three PUs on three cores of one socket.
    static let plan = ScreenPlan(pus: (0 ..< 3).map { ScreenedPU(cpu: $0, core: $0, socket: 0) }, blockThrows: 100)

    @Test("a block is counted first, then again on another core; equal counts check it")
    func agreement() {
        let ledger = BlockLedger(plan: Self.plan)
        let first = ledger.next(for: 0)
        #expect(first == .first(block: 0))
        #expect(ledger.next(for: 1) == .first(block: 1))
        ledger.record(first, hits: 77, by: 0)
        // PU 0 may not check its own block: it takes a new one.
        #expect(ledger.next(for: 0) == .first(block: 2))
        let check = ledger.next(for: 2)
        #expect(check == .check(block: 0, first: .init(pu: 0, hits: 77)))
        ledger.record(check, hits: 77, by: 2)
        #expect(ledger.summary().checked == 1 && ledger.summary().settled.isEmpty)
    }

    @Test("two counts that differ are settled on the third core, whatever it finds")
    func dispute() {
        let ledger = BlockLedger(plan: Self.plan)
        let first = ledger.next(for: 0)
        ledger.record(first, hits: 78, by: 0)
        let check = ledger.next(for: 1)
        ledger.record(check, hits: 77, by: 1)
        // Neither of the two may settle it.
        #expect(ledger.next(for: 0) == .first(block: 1) && ledger.next(for: 1) == .first(block: 2))
        let settle = ledger.next(for: 2)
        let dispute = BlockLedger.Dispute(block: 0, first: .init(pu: 0, hits: 78), second: .init(pu: 1, hits: 77))
        #expect(settle == .settle(dispute))
        ledger.record(settle, hits: 77, by: 2)
        #expect(ledger.summary().settled == [.init(dispute: dispute, settler: .init(pu: 2, hits: 77))])
    }

    @Test("after the close no new block starts, and the screen is done when every block begun has its counts")
    func close() {
        let ledger = BlockLedger(plan: Self.plan)
        let first = ledger.next(for: 0)
        ledger.close()
        #expect(ledger.next(for: 1) == .wait)
        ledger.record(first, hits: 5, by: 0)
        #expect(ledger.next(for: 0) == .wait)
        let check = ledger.next(for: 1)
        #expect(check == .check(block: 0, first: .init(pu: 0, hits: 5)))
        #expect(ledger.next(for: 2) == .wait && ledger.busy().map(\.pu) == [1])
        ledger.record(check, hits: 5, by: 1)
        #expect((0 ..< 3).allSatisfy { ledger.next(for: $0) == .done })
        #expect(ledger.summary().blocks == 1 && ledger.summary().checked == 1)
    }

    @Test("no PU starts a new block while twice as many blocks as PUs wait for their second count")
    func backlog() {
        let plan = ScreenPlan(pus: [ScreenedPU(cpu: 0, core: 0, socket: 0), ScreenedPU(cpu: 1, core: 1, socket: 1),
                                    ScreenedPU(cpu: 2, core: 2, socket: 1)], blockThrows: 100)
        let ledger = BlockLedger(plan: plan)
        // Socket 1's two PUs count; only socket 0's one PU may check them.
        var waiting = 0
        while case .first = ledger.next(for: 1) {
            ledger.record(.first(block: UInt64(waiting)), hits: 1, by: 1)
            waiting += 1
        }
        #expect(waiting == ledger.backlogLimit && ledger.next(for: 2) == .wait)
        #expect(ledger.next(for: 0) == .check(block: 0, first: .init(pu: 1, hits: 1)))
    }
}
