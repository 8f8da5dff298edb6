import Foundation

/// `--append-to FILE`: every run's report kept as one JSON line in a file a
/// site keeps (JSON lines), whatever `--format` printed. Jobs that end at
/// the same moment append whole lines: each write holds an exclusive lock
/// on the file.
enum ReportArchive {
    /// A report of pimpi's own JSON writer on one line: its strings escape
    /// their line breaks, so each line break is layout and goes, with the
    /// indentation after it.
    static func oneLine(_ json: String) -> String {
        json.split(separator: "\n").map { $0.drop { $0 == " " } }.joined()
    }

    /// Appends `line` and a line break to `path`, creating it (mode 0644);
    /// nil, or why it could not.
    static func append(_ line: String, to path: String) -> String? {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return "cannot open --append-to \(path): \(String(cString: strerror(errno)))" }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else {
            return "cannot lock --append-to \(path): \(String(cString: strerror(errno)))"
        }
        let bytes = Array((line + "\n").utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return "cannot write --append-to \(path): \(String(cString: strerror(errno)))" }
            written += count
        }
        return nil
    }
}
