@testable import PimpiCore
import Testing

@Suite("The one check before anything is printed")
struct ResultCheckTests {
    /// A row of `hitsByRank.count` ranks, one count per entry of `repetitions`
    /// (each rank's hits in each count), the first `warmups` of them warm-ups.
    static func row(_ repetitions: [[UInt64]], warmups: Int = 0, throwsPerRank: UInt64 = 1000) -> RowMeasurement {
        let ranks = repetitions[0].count
        return RowMeasurement(
            ranks: ranks, throwCount: throwsPerRank * UInt64(ranks), hits: repetitions.map { $0.reduce(0, +) },
            warmups: warmups,
            records: (0 ..< ranks).map { rank in
                repetitions.map { RankRecord(seconds: 1, kernelSeconds: 1, throwsCounted: throwsPerRank, hits: $0[rank]) }
            })
    }

    static func serial(_ hits: [UInt64]) -> RunReport.SerialRerun {
        RunReport.SerialRerun(hits: hits, seconds: hits.map { _ in 1 })
    }

    @Test("a run whose every count and rerun agree passes")
    func agree() {
        let rows = [Self.row([[785, 786], [785, 786]], warmups: 1)]
        #expect(ResultCheck.problem(rows, sweep: nil, serial: Self.serial([1571, 1571])) == nil)
    }

    @Test("a warm-up or repetition that counted other hits is named")
    func repetition() throws {
        let warm = try #require(ResultCheck.problem([Self.row([[785, 787], [785, 786]], warmups: 1)], sweep: nil, serial: nil))
        #expect(warm.contains("warm-up 1 counted 1572 hits but repetition 1 counted 1571"))
        let timed = try #require(ResultCheck.problem([Self.row([[785, 786], [785, 785]])], sweep: nil, serial: nil))
        #expect(timed.contains("repetition 2 counted 1570 hits but repetition 1 counted 1571"))
    }

    @Test("a serial rerun that disagrees is named, every rerun of it")
    func serialRerun() throws {
        let rows = [Self.row([[785, 786]])]
        let once = try #require(ResultCheck.problem(rows, sweep: nil, serial: Self.serial([1572])))
        #expect(once == "serial rerun counted 1572 hits but the parallel run counted 1571")
        let third = try #require(ResultCheck.problem(rows, sweep: nil, serial: Self.serial([1571, 1571, 1570])))
        #expect(third.hasPrefix("serial rerun 3 counted 1570 hits"))
    }

    @Test("strong sweep: every row counts the same hits, and the rerun those of the first row")
    func strong() throws {
        let rows = [Self.row([[1571]], throwsPerRank: 2000), Self.row([[785, 787]])]
        let problem = try #require(ResultCheck.problem(rows, sweep: .strong, serial: nil))
        #expect(problem.contains("the 2-rank row counted 1572 hits but the 1-rank row counted 1571"))
        let twoRows = [Self.row([[785, 786]]), Self.row([[400, 385, 386, 400]], throwsPerRank: 500)]
        #expect(ResultCheck.problem(twoRows, sweep: .strong, serial: Self.serial([1571])) == nil)
        #expect(ResultCheck.problem(twoRows, sweep: .strong, serial: Self.serial([1570]))?
            .contains("the 2-rank row counted on the same throws 1571") == true)
    }

    @Test("weak sweep: each rank's share counts the same in every row, and the rerun rank 0's")
    func weak() throws {
        let good = [Self.row([[785]]), Self.row([[785, 790]])]
        #expect(ResultCheck.problem(good, sweep: .weak, serial: Self.serial([785])) == nil)
        let bad = [Self.row([[784]]), Self.row([[785, 790]])]
        let problem = try #require(ResultCheck.problem(bad, sweep: .weak, serial: nil))
        #expect(problem.contains("rank 0 counted 784 hits in the 1-rank row but 785 in the 2-rank row"))
        let rerun = try #require(ResultCheck.problem([Self.row([[785, 790]])], sweep: .weak, serial: Self.serial([786])))
        #expect(rerun.contains("rank 0 counted on the same throws in the 2-rank row 785"))
    }
}
