@testable import PimpiCore
import Testing

@Suite("MPI thread support")
struct MPIThreadLevelTests {
    @Test("more than one thread needs at least funneled thread support", arguments: MPIThreadLevel.allCases)
    func threadLevels(level: MPIThreadLevel) {
        #expect(level.problem(threads: 1) == nil)
        let problem = level.problem(threads: 4)
        #expect((problem == nil) == (level >= .funneled))
        if let problem { #expect(problem.contains("--threads 4") && problem.contains("only \(level.name)")) }
    }

    @Test("levels are ordered as the standard orders them")
    func order() {
        #expect(MPIThreadLevel.allCases == [.single, .funneled, .serialized, .multiple])
        #expect(MPIThreadLevel.allCases.map(\.name) == ["single", "funneled", "serialized", "multiple"])
    }
}
