import CMPIShim
import Foundation

/// The MPI library pimpi runs on, from `MPI_Get_library_version`: its family,
/// which decides how srun must launch it, and a one-line name for reports
/// ("Open MPI 4.1.4", "MPICH 4.0.2"). The full text can run to many lines
/// (MPICH's lists its configure flags) and is kept for JSON only.
struct MPILibrary: Equatable, Sendable {
    /// Which code base: it decides the PMI srun must offer.
    enum Family: String, Sendable {
        /// Open MPI 4 direct-launched by srun speaks PMIx only.
        case openMPI
        /// MPICH and what derives from it (Intel MPI, MVAPICH, Cray MPICH):
        /// PMI-1/PMI-2, which srun offers as `--mpi=pmi2`, and PMIx where built with it.
        case mpich
        case other
    }

    /// The library's own description, whole.
    let versionString: String

    /// The MPI this binary was built for, as its mpi.h says ("Open MPI
    /// 4.1.4"): a binary runs only with that family's library, whatever the
    /// node has.
    static var builtFor: String { String(cString: cmpi_built_for()) }

    init(versionString: String) {
        self.versionString = versionString
    }

    var family: Family {
        let text = versionString.uppercased()
        if text.hasPrefix("OPEN MPI") { return .openMPI }
        if ["MPICH", "MVAPICH", "INTEL(R) MPI"].contains(where: text.contains) { return .mpich }
        return .other
    }

    /// One line: "Open MPI 4.1.4", "MPICH 4.0.2", "MVAPICH2 2.3.7",
    /// "CRAY MPICH 8.1.26", "Intel(R) MPI Library 2021.10".
    var name: String {
        var line = versionString.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        line = line.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        // Cray's first line reads "MPI VERSION : CRAY MPICH version 8.1.26.15 (ANL base 3.4a2)".
        if let colon = line.firstIndex(of: ":"), line[..<colon].uppercased().hasPrefix("MPI VERSION") {
            line = String(line[line.index(after: colon)...]).trimmingWhitespace
        }
        // "Open MPI v4.1.4, package: …": the part before the first comma, without the "v".
        if family == .openMPI {
            let head = line.split(separator: ",", maxSplits: 1).first.map(String.init) ?? line
            return head.replacingFirst(" v", with: " ")
        }
        // "MPICH Version: 4.0.2", "MVAPICH2 Version : 2.3.7", "CRAY MPICH version 8.1.26 (…)".
        let words = line.split(separator: " ")
        if let index = words.firstIndex(where: { $0.lowercased().hasPrefix("version") }), index > 0 {
            let rest = words[(index + 1)...].drop { $0 == ":" }
            if let version = rest.first {
                return (words[..<index] + [version]).joined(separator: " ")
            }
        }
        // "Intel(R) MPI Library 2021.10 for Linux* OS"
        if let cut = line.range(of: " for ") { return String(line[..<cut.lowerBound]) }
        return line.isEmpty ? "unknown MPI" : line
    }

    /// How to launch this MPI's tasks with srun, for messages.
    var srunPlugin: String {
        switch family {
        case .openMPI: "pmix"
        case .mpich: "pmi2"
        case .other: "pmix"
        }
    }
}

private extension String {
    var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
