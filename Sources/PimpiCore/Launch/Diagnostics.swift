import Foundation

/// Messages to the user on stderr; results go to stdout only.
public enum Diagnostics {
    /// Writes one `pimpi: error: …` line.
    public static func error(_ message: String) {
        FileHandle.standardError.write(Data("pimpi: error: \(oneLine(message))\n".utf8))
    }

    /// Folds a message onto one line, so a failure is always exactly one line.
    public static func oneLine(_ message: String) -> String {
        var text = message
        if text.hasPrefix("Error: ") { text.removeFirst("Error: ".count) }
        return text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: "; ")
    }
}
