@testable import PimpiCore
import Testing

@Suite("--target-error and --max-throws")
struct PrecisionTargetTests {
    @Test("--max-throws below the first round is refused, with the numbers")
    func maxThrowsBelowFirstRound() throws {
        let problem = try #require(PrecisionTarget.maxThrowsProblem(1))
        #expect(problem.contains("--max-throws 1 ") && problem.contains("16,777,216"))
        #expect(PrecisionTarget.maxThrowsProblem(PrecisionTarget.firstRound - 1) != nil)
        #expect(PrecisionTarget.maxThrowsProblem(PrecisionTarget.firstRound) == nil)
    }
}
