import CPimpiSignals

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGTERM (scancel, a time limit, mpirun stopping its job) and SIGINT (Ctrl-C):
/// every rank stops within about a second, and rank 0 says so in exactly one
/// line. Without this, a rank would die silently and the user would not know
/// whether a result is coming. The handler itself is C (`CPimpiSignals`), where
/// async-signal safety can be seen line by line.
enum StopSignals {
    static let termLine =
        "pimpi: stopped by SIGTERM (job cancelled, interrupted, out of time, or another rank failed); no result"
    static let intLine = "pimpi: interrupted by SIGINT; no result"

    /// Installs the handlers. `speaks`: whether this process writes the line.
    /// On a terminal the line first clears the current one, which may hold a
    /// progress line being redrawn.
    static func install(speaks: Bool) {
        let clear = isatty(STDERR_FILENO) != 0 ? "\r\u{1B}[K" : ""
        cpimpi_stop_signals_install(speaks ? 1 : 0, clear + termLine + "\n", clear + intLine + "\n")
    }

    /// This process has said why the job ends; the launcher's SIGTERM that
    /// follows gets no second line.
    static func silence() {
        cpimpi_stop_signals_silence()
    }

    /// Every rank exits with `status` (non-zero), whichever exits first: a
    /// launcher that SIGTERMs the late ones for the first one's exit
    /// (srun --kill-on-bad-exit, mpirun) then gets that status from them too,
    /// not 143, which would tell a health check the job had been cancelled.
    static func settle(status: Int32) {
        cpimpi_stop_signals_settle(status)
    }
}
