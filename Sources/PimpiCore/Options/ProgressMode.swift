/// `--progress`: a sign of life on stderr during long runs, from rank 0 only.
enum ProgressMode: String, CaseIterable, Sendable {
    /// On when stderr is a terminal, off in batch output (unless an interval is given).
    case auto
    case always
    case never

    /// How rank 0 shows progress for this stderr, or nil for not at all.
    /// `interval` is `--progress-interval`: giving one asks for progress, so
    /// with `auto` it turns progress on in batch output too.
    func display(stderrIsTerminal: Bool, interval: Double?) -> ProgressDisplay? {
        switch self {
        case .never: return nil
        case .auto where !stderrIsTerminal && interval == nil: return nil
        case .auto, .always:
            return ProgressDisplay(
                onTerminal: stderrIsTerminal,
                interval: interval ?? (stderrIsTerminal ? ProgressDisplay.terminalInterval : ProgressDisplay.lineInterval))
        }
    }
}

/// Where progress goes and how often.
struct ProgressDisplay: Equatable, Sendable {
    /// A terminal gets one line redrawn in place; anything else (a batch log)
    /// gets a first line, a line every `interval`, and a last line.
    var onTerminal: Bool
    /// Seconds between updates; 0 updates at every look at the clock.
    var interval: Double

    static let terminalInterval = 0.5
    static let lineInterval = 5.0

    init(onTerminal: Bool, interval: Double) {
        self.onTerminal = onTerminal
        self.interval = interval
    }
}
