#!/usr/bin/env bash
# The libraries `make dist` links against: an older Debian's (Debian 11,
# bullseye: glibc 2.31, GCC 10's libstdc++, Open MPI 4.1.0, MPICH 3.4, hwloc
# 2.4), so that the tarball runs on the glibc clusters have (RHEL 8's 2.28
# and newer; see compat.c for the few symbols 2.29 added). mmdebstrap
# extracts the development packages into DIR; absolute symlinks are made
# relative, so that the linker's --sysroot resolves them inside DIR; and
# DIR/usr/lib/swift_static points at this toolchain's static Swift runtime,
# where swiftc looks for it under a sysroot. Made once (its marker says it
# is whole) and reused.
#
#   packaging/glibc-floor/sysroot.sh SUITE DIR
#
# Needs mmdebstrap (apt-get installs it as root; otherwise the message names
# it) and swift on PATH. About 400 MB, a minute or two here.
set -euo pipefail
suite=${1:?usage: sysroot.sh SUITE DIR}
dir=${2:?usage: sysroot.sh SUITE DIR}
log() { echo "sysroot: $*" >&2; }
marker=$dir/.pimpi-sysroot-made
[ -e "$marker" ] && exit 0

if ! command -v mmdebstrap >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        log "installing mmdebstrap"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap >/dev/null
    else
        log "make dist needs mmdebstrap: sudo apt-get install mmdebstrap (or DIST_SYSROOT_SUITE= for a build against this machine's own libraries)"
        exit 1
    fi
fi
arch=$(dpkg --print-architecture)
log "making a $suite $arch sysroot in $dir"
rm -rf "$dir"
mmdebstrap --quiet --variant=apt --arch="$arch" \
    --include=libc6-dev,libstdc++-10-dev,libgcc-10-dev,gcc-10,libopenmpi-dev,libmpich-dev,libhwloc-dev \
    "$suite" "$dir" http://deb.debian.org/debian
# Absolute links (/lib64/ld-linux-x86-64.so.2, libdl.so, ...) would point
# into this machine's own root.
find "$dir" -type l -lname '/*' | while read -r link; do
    target=$(readlink "$link")
    ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$dir$target")" "$link"
done
resources=$(swift -print-target-info | sed -n 's/.*"runtimeResourcePath": "\(.*\)".*/\1/p')
ln -sfn "$(dirname "$resources")/swift_static" "$dir/usr/lib/swift_static"
touch "$marker"
log "done: glibc $(ls "$dir"/lib/*/libc-*.so 2>/dev/null | sed 's/.*libc-\(.*\)\.so/\1/')"
