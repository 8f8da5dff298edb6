/// pimpi's own version, shown by `--version` and in every report's context.
public enum PimpiVersion {
    public static let current = "0.1.0"
}
