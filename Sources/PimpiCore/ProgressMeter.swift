import Foundation

/// `--progress`: a sign of life on stderr during long runs, from rank 0 only.
public enum ProgressMode: String, CaseIterable, Sendable {
    /// On when stderr is a terminal, off in batch output.
    case auto
    case always
    case never

    /// Whether rank 0 shows progress for this stderr.
    public func isOn(stderrIsTerminal: Bool) -> Bool {
        switch self {
        case .auto: stderrIsTerminal
        case .always: true
        case .never: false
        }
    }
}

/// Prints how far rank 0 has got: on a terminal one line redrawn in place twice
/// a second, elsewhere (`--progress always` into a file) a new line every 5 s.
public final class ProgressMeter {
    private let total: UInt64
    private let what: String
    private let onTerminal: Bool
    private let interval: Double
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private var lastPrinted: ContinuousClock.Instant
    private var printedAny = false

    /// `what` names the quantity, e.g. "of rank 0's share".
    public init(total: UInt64, what: String, onTerminal: Bool) {
        self.total = total
        self.what = what
        self.onTerminal = onTerminal
        interval = onTerminal ? 0.5 : 5
        started = clock.now
        lastPrinted = started
    }

    /// Throws between two looks at the clock: ~0.1 s of kernel time on a fast
    /// core, so the look costs nothing measurable and the line still moves.
    public static let sliceThrows: UInt64 = 1 << 28

    public func update(done: UInt64) {
        let now = clock.now
        guard (now - lastPrinted).seconds >= interval else { return }
        lastPrinted = now
        let elapsed = (now - started).seconds
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        var line = String(format: "pimpi: %5.1f%% %@, %.3g throws/s", fraction * 100, what, rate)
        if rate > 0, done < total {
            line += String(format: ", about %.0f s left", Double(total - done) / rate)
        }
        write(onTerminal ? "\r\u{1B}[K" + line : line + "\n")
        printedAny = true
    }

    /// Clears the redrawn line, so the result starts on a clean terminal.
    public func finish() {
        if onTerminal, printedAny { write("\r\u{1B}[K") }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
