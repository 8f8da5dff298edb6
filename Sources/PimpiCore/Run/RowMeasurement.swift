/// What one rank measured in one timed count (or warm-up): the span it
/// lived from leaving the start barrier to the end of the last sum, its time
/// in the kernel, and the throws and hits it counted.
struct RankRecord: Equatable {
    var seconds: Double
    var kernelSeconds: Double
    var throwsCounted: UInt64
    var hits: UInt64

    static let wordCount = 4

    /// How it travels to the root: four 64-bit words, the times as bit patterns.
    var words: [UInt64] { [seconds.bitPattern, kernelSeconds.bitPattern, throwsCounted, hits] }

    init(seconds: Double, kernelSeconds: Double, throwsCounted: UInt64, hits: UInt64) {
        self.seconds = seconds
        self.kernelSeconds = kernelSeconds
        self.throwsCounted = throwsCounted
        self.hits = hits
    }

    init(words: ArraySlice<UInt64>) {
        let word = Array(words)
        self.init(seconds: Double(bitPattern: word[0]), kernelSeconds: Double(bitPattern: word[1]),
                  throwsCounted: word[2], hits: word[3])
    }
}

/// What one row (the whole job, or a `--sweep` row) measured, as the root
/// knows it after the row's one gather.
struct RowMeasurement: Equatable {
    var ranks: Int
    /// Throws in each count, and the hits summed over the ranks in each
    /// count, warm-ups first.
    var throwCount: UInt64
    var hits: [UInt64]
    var warmups: Int
    /// records[rank][count], warm-ups first.
    var records: [[RankRecord]]
    /// How a `--target-error` run ended.
    var target: RunReport.TargetOutcome?
    /// The dynamic schedule's chunk (of the first round) and how chunks were taken.
    var chunk: UInt64?
    var chunkTaking: Schedule.ChunkTaking?

    var counts: Int { hits.count }
    /// The timed counts' indices.
    var timed: Range<Int> { warmups ..< counts }
    /// Each timed count's parallel time: the longest span any rank lived in it.
    var timedSeconds: [Double] { timed.map { count in records.map { $0[count].seconds }.max() ?? 0 } }
}
