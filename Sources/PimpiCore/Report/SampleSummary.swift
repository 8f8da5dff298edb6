/// Min, median, max, mean and standard deviation of a run's timed samples,
/// as hyperfine and the OSU benchmarks report them.
struct SampleSummary: Equatable, Sendable {
    let count: Int
    let min: Double
    let median: Double
    let max: Double
    let mean: Double
    /// The sample standard deviation (n − 1); 0 for a single sample.
    let standardDeviation: Double
    /// The sample nearest the median from below: the median itself for an odd
    /// count, the lower of the two middle ones for an even count.
    let medianIndex: Int

    init?(_ samples: [Double]) {
        guard !samples.isEmpty else { return nil }
        let order = samples.indices.sorted { samples[$0] < samples[$1] }
        let middle = order.count / 2
        count = samples.count
        min = samples[order[0]]
        max = samples[order[order.count - 1]]
        median = order.count % 2 == 1 ? samples[order[middle]] : (samples[order[middle - 1]] + samples[order[middle]]) / 2
        medianIndex = order[(order.count - 1) / 2]
        let mean = samples.reduce(0, +) / Double(samples.count)
        let squares = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        self.mean = mean
        standardDeviation = samples.count > 1 ? (squares / Double(samples.count - 1)).squareRoot() : 0
    }
}
