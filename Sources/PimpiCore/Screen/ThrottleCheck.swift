/// One look at a PU during the screen: its core's clock and its rate.
struct ScreenSample: Equatable, Sendable {
    /// Seconds since the screen began.
    var seconds: Double
    /// The core's clock, counted with dependent adds (`CoreClock`); nil where
    /// this architecture has no add chain.
    var clockHz: Double?
    /// Kernel throws per second of this thread's own CPU time since the last
    /// sample: what the core does while it runs, so another process taking
    /// turns on the CPU (which lowers throws per wall second) does not look
    /// like a slower core, and a core that slows under heat does.
    var throwsPerCPUSecond: Double
}

/// A core, or a whole socket, whose clock or rate fell during the screen by
/// more than the stated fraction: the first samples against the last.
struct Throttling: Equatable, Sendable {
    var socket: Int
    /// nil for a socket as a whole (the median of its PUs).
    var core: Int?
    var pu: Int?
    var clockFirstHz: Double?
    var clockLastHz: Double?
    var rateFirst: Double
    var rateLast: Double

    /// How far each fell, as a fraction of its first value (negative: it rose).
    var clockFell: Double? {
        guard let first = clockFirstHz, let last = clockLastHz, first > 0 else { return nil }
        return 1 - last / first
    }
    var rateFell: Double { rateFirst > 0 ? 1 - rateLast / rateFirst : 0 }

    /// "CPU 3 (socket 0, core 3): clock 3.70 → 2.90 GHz (-22 %), rate …".
    var words: String {
        let place = pu.map { "CPU \($0) (socket \(socket), core \(core ?? 0))" } ?? "socket \(socket)"
        var parts: [String] = []
        if let first = clockFirstHz, let last = clockLastHz, first > 0 {
            parts.append(String(format: "clock %.2f -> %.2f GHz (%+.0f %%)", first / 1e9, last / 1e9,
                                100 * (last / first - 1)))
        }
        parts.append(String(format: "rate %.3g -> %.3g throws/s (%+.0f %%)", rateFirst, rateLast,
                            rateFirst > 0 ? 100 * (rateLast / rateFirst - 1) : 0))
        return "\(place) throttled: " + parts.joined(separator: ", ")
    }
}

/// Whether the screen's PUs slowed down while it ran. Each PU's first
/// quarter of samples is set against its last quarter, by the best sample of
/// each: other load on the machine (another process on the CPU, a
/// hypervisor's other guests on the same physical core) only ever lowers a
/// sample, so the best of several is what the core itself could do, while a
/// core that slowed for good cannot reach its earlier best again. A fall of
/// the clock or of the rate by more than `fraction` names it. A socket is
/// named too where most of its PUs slowed so: a package at its power or
/// thermal limit slows every core of it.
enum ThrottleCheck {
    /// Fewer samples than this on a PU say nothing about a trend.
    static let minimumSamples = 8

    /// The best of the first and of the last quarter of `values` (at least
    /// two values each); nil for fewer than `minimumSamples`.
    static func ends(_ values: [Double]) -> (first: Double, last: Double)? {
        guard values.count >= minimumSamples else { return nil }
        let quarter = values.count / 4
        guard let first = values.prefix(quarter).max(), let last = values.suffix(quarter).max() else { return nil }
        return (first, last)
    }

    /// The PUs, then the sockets, that slowed by more than `fraction`; none
    /// where `fraction` is 0.
    static func throttled(_ samples: [(pu: ScreenedPU, samples: [ScreenSample])], fraction: Double) -> [Throttling] {
        guard fraction > 0 else { return [] }
        let measured = samples.compactMap { pu, samples -> Throttling? in
            guard let rate = ends(samples.map(\.throwsPerCPUSecond)) else { return nil }
            let clock = ends(samples.compactMap(\.clockHz))
            return Throttling(socket: pu.socket, core: pu.core, pu: pu.cpu, clockFirstHz: clock?.first,
                              clockLastHz: clock?.last, rateFirst: rate.first, rateLast: rate.last)
        }
        let slowed = { (throttling: Throttling) in (throttling.clockFell ?? 0) > fraction || throttling.rateFell > fraction }
        // A socket as a whole where most of its PUs slowed: its figures are
        // the medians of all of them.
        let sockets = measured.grouped(by: \.socket).compactMap { socket, onSocket -> Throttling? in
            guard onSocket.count > 1, 2 * onSocket.filter(slowed).count > onSocket.count,
                  let rateFirst = onSocket.map(\.rateFirst).median, let rateLast = onSocket.map(\.rateLast).median
            else { return nil }
            return Throttling(socket: socket, core: nil, pu: nil,
                              clockFirstHz: onSocket.compactMap(\.clockFirstHz).median,
                              clockLastHz: onSocket.compactMap(\.clockLastHz).median,
                              rateFirst: rateFirst, rateLast: rateLast)
        }
        return measured.filter(slowed) + sockets
    }
}
