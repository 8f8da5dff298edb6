/// pimpi's own version, shown by `--version` and in every report's context.
public enum PimpiVersion {
    public static let current = "0.1.0"

    /// `pimpi --version`: the version and the MPI it was built for, which is
    /// all a node needs besides the binary (`make dist`, docs/install.md).
    public static var withMPI: String { "\(current) (built for \(MPILibrary.builtFor))" }
}
