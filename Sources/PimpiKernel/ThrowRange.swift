/// A run of consecutive throw indices, `first ..< first + count`.
///
/// Not a `Range<UInt64>`: pimpi accepts up to 2⁶⁴ − 1 throws, and a count
/// says that without needing an upper bound one past the largest index.
public struct ThrowRange: Equatable, Sendable {
    public var first: UInt64
    public var count: UInt64

    public init(first: UInt64, count: UInt64) {
        self.first = first
        self.count = count
    }
}
