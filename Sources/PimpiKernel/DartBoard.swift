/// Whether a throw lands inside the quarter circle, decided in integers.
///
/// The 64 random bits z of a throw give two odd 32-bit numbers,
/// u = (z >> 32) | 1 and v = (z & 0xFFFF_FFFF) | 1, that is u = 2x + 1 and
/// v = 2y + 1 for 31-bit x and y. The throw lands at (u / 2³², v / 2³²): the
/// centre of cell (x, y) of a 2³¹ × 2³¹ grid on the unit square. Centres, not
/// corners, so the grid adds no O(2⁻³¹) bias to π̂.
///
/// It is a hit when u² + v² < 2⁶⁴. Each square is below 2⁶⁴, so the test is
/// "the wrapping sum u² + v² did not wrap" (it cannot equal 2⁶⁴ exactly, since a
/// sum of two odd squares is 2 mod 8). Both products are 32 × 32 → 64-bit, which
/// vector units do in one instruction, and there is no floating point anywhere.
public enum DartBoard {
    /// Forces the lowest bit of both 32-bit halves to 1.
    public static let oddHalves: UInt64 = 0x0000_0001_0000_0001

    @inlinable @inline(__always)
    public static func isHit(_ bits: UInt64) -> Bool {
        let w = bits | oddHalves
        let u = w >> 32
        let v = w & 0xFFFF_FFFF
        let uu = u &* u
        return uu &+ v &* v >= uu
    }
}
