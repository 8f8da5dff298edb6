import Foundation
import PimpiKernel

/// pimpi's random stream as the kernel cuts it, for a test battery (`make
/// stats`: `pimpi-stream | dieharder -g 200 -a`): for each throw, the two
/// 32-bit halves of its SplitMix64 output, the high half (u, the x
/// coordinate) then the low half (v, the y coordinate), as raw little-endian
/// words on stdout, until stdout closes. The kernel forces each half's lowest
/// bit to 1 (`DartBoard`: the cell's centre); that bit is the grid's, not
/// the stream's, and is written as the generator made it.
///
///   pimpi-stream [--seed S] [--start I] [--interleave R --spacing D] [--count N]
///
/// --start I: from throw I (a rank's or a thread's first throw).
/// --interleave R --spacing D: R streams that start D throws apart, a throw
///   of each in turn: R ranks of a job with D throws per rank, side by side,
///   so that a correlation between ranks' ranges would show.
/// --count N: N throws per stream, then stop (default: until stdout closes).
/// Not part of pimpi: the shipped binary has no such output.
struct Arguments {
    var seed: UInt64 = 1_234_567
    var start: UInt64 = 0
    var interleave: UInt64 = 1
    var spacing: UInt64 = 0
    var count: UInt64 = .max

    init(_ words: [String]) {
        var rest = words[...]
        while let flag = rest.popFirst() {
            guard let text = rest.popFirst(), let value = UInt64(text.replacingOccurrences(of: "_", with: "")) else {
                Self.usage("\(flag) needs a whole number")
            }
            switch flag {
            case "--seed": seed = value
            case "--start": start = value
            case "--interleave": interleave = max(value, 1)
            case "--spacing": spacing = value
            case "--count": count = value
            default: Self.usage("unknown option \(flag)")
            }
        }
        if interleave > 1, spacing == 0 { Self.usage("--interleave goes with --spacing") }
    }

    static func usage(_ problem: String) -> Never {
        FileHandle.standardError.write(Data(("pimpi-stream: \(problem)\nusage: pimpi-stream [--seed S] [--start I] "
            + "[--interleave R --spacing D] [--count N]\n").utf8))
        exit(64)
    }
}

let arguments = Arguments(Array(CommandLine.arguments.dropFirst()))
// Ends quietly when the reader (dieharder) has read enough and closes the pipe.
signal(SIGPIPE, SIG_DFL)
let throwsPerBlock = 1 << 14
var block = [UInt32](repeating: 0, count: 2 * throwsPerBlock)
var index: UInt64 = 0
while index < arguments.count {
    let throwsNow = Int(min(UInt64(throwsPerBlock) / arguments.interleave, arguments.count - index))
    var slot = 0
    for offset in 0 ..< UInt64(throwsNow) {
        for stream in 0 ..< arguments.interleave {
            let bits = SplitMix64.bits(seed: arguments.seed,
                                       index: arguments.start &+ stream &* arguments.spacing &+ index &+ offset)
            block[slot] = UInt32(truncatingIfNeeded: bits >> 32)
            block[slot + 1] = UInt32(truncatingIfNeeded: bits)
            slot += 2
        }
    }
    let written = block.withUnsafeBytes { buffer in
        var done = 0
        while done < slot * 4 {
            let result = write(STDOUT_FILENO, buffer.baseAddress! + done, slot * 4 - done)
            if result <= 0 { return false }
            done += result
        }
        return true
    }
    if !written { exit(0) }
    index += UInt64(throwsNow)
}
