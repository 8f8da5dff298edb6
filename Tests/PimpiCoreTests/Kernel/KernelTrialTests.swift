@testable import PimpiCore
import PimpiKernel
import Testing

@Suite("The kernel trial")
struct KernelTrialTests {
    @Test("the trial picks one of its level's candidates, and costs what it reports",
          arguments: KernelLevel.supported)
    func trial(level: KernelLevel) {
        let outcome = KernelTrial.fastest(at: level)
        #expect(outcome.kernel.level == level)
        #expect(KernelTrial.candidates(for: level).contains(outcome.kernel.shape))
        #expect(outcome.candidates == KernelTrial.candidates(for: level).count && outcome.candidates >= 2)
        #expect(outcome.seconds > 0)
        // Every candidate's rate is kept, so any agreed shape has its yardstick.
        #expect(outcome.throwsPerSecond.allSatisfy { $0 > 0 })
        for shape in KernelTrial.candidates(for: level) {
            #expect(outcome.throwsPerSecond(of: Kernel(level: level, shape: shape)) != nil)
        }
        #expect(outcome.throwsPerSecond(of: outcome.kernel) == outcome.throwsPerSecond.max())
        let (kernel, trial) = KernelTrial.resolve(.exact(outcome.kernel), best: level)
        #expect(kernel == outcome.kernel && trial == nil)
    }
}
