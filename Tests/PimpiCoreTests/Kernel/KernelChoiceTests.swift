@testable import PimpiCore
import PimpiKernel
import Testing

@Suite("--kernel")
struct KernelChoiceTests {
    @Test("auto, a level, or LEVEL:SHAPE; nothing else", arguments: [
        ("auto", KernelChoice.auto), ("baseline", .level(.baseline)), ("x86-64-v4", .level(.x86_64_v4)),
        ("baseline:16x2-lanes", .exact(Kernel(level: .baseline,
                                              shape: KernelShape(lanes: 16, chains: 2, tally: .laneCounters)))),
    ] as [(String, KernelChoice)])
    func forms(name: String, expected: KernelChoice) {
        #expect(KernelChoice(name: name) == expected)
        #expect(KernelChoice(name: name + "x") == nil)
    }

    @Test("every kernel's name is a choice of exactly it", arguments: Kernel.all)
    func exact(kernel: Kernel) {
        #expect(KernelChoice(name: kernel.name) == .exact(kernel))
    }

    @Test("help lists auto and every level")
    func names() {
        #expect(KernelChoice.names == ["auto"] + KernelLevel.allCases.map(\.rawValue))
    }

    @Test("the level a choice runs at", arguments: [
        (KernelChoice.auto, KernelLevel.x86_64_v3), (.level(.baseline), .baseline),
        (.exact(Kernel(level: .x86_64_v4, shape: KernelShape.all[0])), .x86_64_v4),
    ] as [(KernelChoice, KernelLevel)])
    func level(choice: KernelChoice, expected: KernelLevel) {
        #expect(choice.level(best: .x86_64_v3) == expected)
    }
}
