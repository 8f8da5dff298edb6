import Foundation

/// Prints how far rank 0 has got. In a log: a first line when counting starts,
/// a line every interval, and a last line with the time taken, so even a run
/// shorter than the interval leaves a record. On a terminal: one line redrawn
/// in place, cleared before the result is printed. A meter is made, and each
/// count's first line written out, before the start; only the writing is in
/// the timed span.
final class ProgressMeter {
    private var total: UInt64 = 0
    private var what = ""
    private var firstLine = ""
    private let display: ProgressDisplay
    private let clock = ContinuousClock()
    private var started: ContinuousClock.Instant
    private var lastPrinted: ContinuousClock.Instant

    init(display: ProgressDisplay) {
        self.display = display
        started = clock.now
        lastPrinted = started
    }

    /// Sets up the next count: `total` throws of `what`, e.g. "of rank 0's share".
    func prepare(total: UInt64, what: String) {
        self.total = total
        self.what = what
        firstLine = String(format: "pimpi: %5.1f%% %@ (%@ throws)", 0.0, what, TextLayout.grouped(total))
    }

    /// The count starts: its first line, and the clock.
    func begin() {
        show(firstLine)
        started = clock.now
        lastPrinted = started
    }

    /// Shows `done` if the interval has passed. The end is `finish()`'s to show.
    func update(done: UInt64) {
        let now = clock.now
        guard done < total, (now - lastPrinted).seconds >= display.interval else { return }
        lastPrinted = now
        let elapsed = (now - started).seconds
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        var line = String(format: "pimpi: %5.1f%% %@, %.3g throws/s", fraction * 100, what, rate)
        if rate > 0 {
            line += String(format: ", about %.2g s left", Double(total - done) / rate)
        }
        show(line)
    }

    /// The last line in a log; on a terminal, clears the redrawn line so the
    /// result starts clean.
    func finish() {
        guard !display.onTerminal else {
            write("\r\u{1B}[K")
            return
        }
        let elapsed = (clock.now - started).seconds
        let rate = elapsed > 0 ? String(format: ", %.3g throws/s", Double(total) / elapsed) : ""
        show(String(format: "pimpi: %5.1f%% %@ in %.3f s", 100.0, what, elapsed) + rate)
    }

    private func show(_ line: String) {
        write(display.onTerminal ? "\r\u{1B}[K" + line : line + "\n")
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
