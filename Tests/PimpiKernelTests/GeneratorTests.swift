import PimpiKernel
import Testing

@Suite("SplitMix64 and the dart board")
struct GeneratorTests {
    /// Outputs of Vigna's reference splitmix64.c (`x = seed; next()` repeatedly).
    @Test("reference outputs", arguments: [
        (1_234_567, [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
                     4_593_380_528_125_082_431, 16_408_922_859_458_223_821]),
        (0, [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F]),
    ] as [(UInt64, [UInt64])])
    func referenceVectors(seed: UInt64, expected: [UInt64]) {
        let outputs = expected.indices.map { SplitMix64.bits(seed: seed, index: UInt64($0)) }
        #expect(outputs == expected)
    }

    @Test("throw indices wrap around 2^64 like the reference state does")
    func wrapping() {
        // Index 2^64 − 1 means output 2^64, i.e. state seed + 0·γ.
        #expect(SplitMix64.bits(seed: 42, index: UInt64.max) == SplitMix64.mix(42))
    }

    @Test("hit test agrees with exact 128-bit arithmetic")
    func hitTestIsExact() {
        var state: UInt64 = 99
        var samples: [UInt64] = [0, UInt64.max, 0xB504_F333_B504_F333, 0xB504_F334_B504_F334,
                                 0xFFFF_FFFF_0000_0000, 0x0000_0000_FFFF_FFFF]
        for _ in 0 ..< 100_000 {
            state &+= SplitMix64.gamma
            samples.append(SplitMix64.mix(state))
        }
        for bits in samples {
            let u = UInt128((bits >> 32) | 1)
            let v = UInt128((bits & 0xFFFF_FFFF) | 1)
            let exact = u * u + v * v < (UInt128(1) << 64)
            #expect(DartBoard.isHit(bits) == exact, "bits \(bits)")
        }
    }

    @Test("corners of the square")
    func corners() {
        #expect(DartBoard.isHit(0))            // (½, ½) / 2³¹: the origin cell
        #expect(!DartBoard.isHit(UInt64.max))  // the far corner cell
        // 0xB504F333 ≈ 2³²/√2: u = v just inside the circle, one more cell just outside.
        #expect(DartBoard.isHit(0xB504_F333_B504_F333))
        #expect(!DartBoard.isHit(0xB504_F335_B504_F335))
    }
}
