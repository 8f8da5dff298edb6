#!/usr/bin/env bash
# Writes the node shapes the placement tests give pimpi through HWLOC_XMLFILE,
# with hwloc's own lstopo (Debian: hwloc-nox) from synthetic descriptions. The
# XML is kept in the repository so the tests need no lstopo; run this to
# remake or add one. The test machines' real CPUs 0 and 1 are what a test binds
# ranks to, so each shape puts those two where the test needs them.
set -euo pipefail
cd "$(dirname "$0")"
command -v lstopo-no-graphics >/dev/null || { echo "make.sh: needs lstopo-no-graphics (apt-get install hwloc-nox)" >&2; exit 1; }

# 1 socket, 2 cores of 2 hardware threads: CPUs 0 and 1 are the two threads of core 0.
lstopo-no-graphics --input "pack:1 core:2 pu:2" --of xml --force smt-2core.xml

# 2 sockets x 2 NUMA nodes x 4 cores x 2 hardware threads (32 CPUs), numbered as
# many 2-socket Xeon nodes are: even CPUs on socket 0, odd on socket 1, a
# core's second thread 16 above its first. CPUs 0 and 1 are cores of two sockets.
indexes=$(for p in 0 1; do for n in 0 1; do for c in 0 1 2 3; do for t in 0 1; do
    echo -n "$(( 2 * (n * 4 + c) + p + 16 * t )),"; done; done; done; done)
lstopo-no-graphics --input "pack:2 numa:2 core:4 pu:2(indexes=${indexes%,})" --of xml --force 2socket-smt.xml

# A 128-PU node as big clusters have them: 2 sockets of 64 cores, one hardware
# thread each. The duration test runs 128 ranks on it, oversubscribed on this
# machine's 2 real CPUs (ranks alternate between CPUs 0 and 1).
lstopo-no-graphics --input "pack:2 core:64 pu:1" --of xml --force node-128.xml
