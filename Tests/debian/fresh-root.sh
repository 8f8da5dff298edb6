#!/usr/bin/env bash
# The README's two commands in a fresh Debian root, as a new user on that
# release would run them: mmdebstrap makes the root with only make, git and CA
# certificates (and procps and hostname, which every real install has); this
# checkout's files go in, as a fresh clone would have them plus any
# uncommitted changes; `make run`, then `make check` run there under chroot,
# installing what they need themselves (Swift from Debian's swiftlang
# included); then every process left in the root is killed, everything is
# unmounted, and the root is removed, however the run ends.
#
#   Tests/debian/fresh-root.sh                   Debian 13 (trixie), this machine's arch:
#                                                make run THROWS=1e9, then CI=true make check
#   Tests/debian/fresh-root.sh --run-only        make run THROWS=1e9 alone
#   Tests/debian/fresh-root.sh --run-only --slurm
#                                                then that release's Slurm: a test cluster in the
#                                                root, sbatch of slurm/pimpi.slurm and
#                                                slurm/acceptance.slurm (Tests/slurm/batch-scripts.sh;
#                                                what make check runs)
#   Tests/debian/fresh-root.sh --arch arm64      an arm64 root under qemu-user: builds, then
#                                                checks the hits against this machine's build
#   Tests/debian/fresh-root.sh --arch arm64 --dist-out DIR
#                                                as --arch, then `make dist` there; its
#                                                tarball and checksum are copied to DIR
#   Tests/debian/fresh-root.sh --dist TARBALL    a root with no Swift and no build tools: only
#                                                the MPI and Lmod from apt, then make dist's
#                                                tarball through `module load pimpi`, its hits
#                                                checked against this machine's build
#   Tests/debian/fresh-root.sh --keep DIR ...    keep the root in DIR (for a look afterwards)
#   Tests/debian/fresh-root.sh -- COMMAND...     any command in the project's clone
#
# Needs root, and installs what it lacks (mmdebstrap; for arm64 also
# qemu-user-static, binfmt-support and arch-test). The root gets what a build here has:
# the Swift package mirror under /opt/swift-packages (read-only) with git's
# redirect to it, this machine's CA certificates and pip configuration.
# About 2.6 GB; a few minutes here to make and build, and `make check` about
# ten more; the arm64 build takes about 10 more under emulation.
set -euo pipefail

suite=trixie
arch=$(dpkg --print-architecture)
mode=full
slurm=
keep=
dist=
dist_out=
command=()
while [ $# -gt 0 ]; do
    case $1 in
        --suite) suite=$2; shift 2 ;;
        --arch) arch=$2; shift 2 ;;
        --run-only) mode=run; shift ;;
        --slurm) slurm=1; shift ;;
        --dist) dist=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); mode=dist; shift 2 ;;
        --dist-out) mkdir -p "$2"; dist_out=$(cd "$2" && pwd); shift 2 ;;
        --keep) keep=$2; shift 2 ;;
        --) shift; command=("$@"); mode=command; break ;;
        *) echo "usage: $0 [--suite S] [--arch A [--dist-out DIR]] [--run-only [--slurm] | --dist TARBALL] [--keep DIR] [-- COMMAND...]" >&2
           exit 2 ;;
    esac
done

log() { echo "fresh-root: $*" >&2; }
[ "$(id -u)" = 0 ] || { log "must run as root (mmdebstrap, mounts, chroot)"; exit 2; }
project=$(cd "$(dirname "$0")/../.." && pwd)
host_arch=$(dpkg --print-architecture)

# Installs the Debian packages named unless their commands are there.
need() {
    local check=$1; shift
    if ! eval "$check" >/dev/null 2>&1; then
        log "installing $*"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
    fi
}
need "command -v mmdebstrap" mmdebstrap
if [ "$arch" != "$host_arch" ]; then
    need "command -v qemu-aarch64-static && command -v update-binfmts && command -v arch-test" \
        qemu-user-static binfmt-support arch-test
    update-binfmts --enable >/dev/null 2>&1 || true
fi

root=${keep:-$(mktemp -d /var/tmp/pimpi-root.XXXXXX)}
mkdir -p "$root"
mounts=()

# Everything the run left: processes whose root is this one, then mounts (in
# reverse), then the root itself unless asked to keep it.
cleanup() {
    local status=$? pid attempt
    for attempt in 1 2 3; do
        for pid in $(ls /proc | grep -E '^[0-9]+$'); do
            [ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$root" ] && kill -KILL "$pid" 2>/dev/null || true
        done
        sleep 0.5
    done
    for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
        umount -l "${mounts[$i]}" 2>/dev/null || true
    done
    if [ -z "$keep" ]; then
        if grep -q " $root/" /proc/mounts; then
            log "mounts are left under $root; not removing it"
        else
            rm -rf --one-file-system "$root"
        fi
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mount_in() {  # mount_in TARGET MOUNT-ARGUMENTS...
    local target=$root$1; shift
    mkdir -p "$target"
    mount "$@" "$target"
    mounts+=("$target")
}

# A kept root is made once (its marker says it is whole) and reused.
if [ ! -e "$root/.pimpi-root-made" ]; then
    log "making a $suite $arch root in $root"
    # A node that runs the tarball has no build tools: no make, no git.
    includes=make,git,ca-certificates,procps,hostname
    [ "$mode" != dist ] || includes=ca-certificates,procps,hostname
    mmdebstrap --quiet --variant=apt --arch="$arch" --include="$includes" \
        "$suite" "$root" http://deb.debian.org/debian
    touch "$root/.pimpi-root-made"
fi

# What a build here has, where this machine has it: CA certificates, pip's
# configuration, a Swift package mirror and git's redirect to it.
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt" 2>/dev/null || true
if [ -f /etc/pip.conf ]; then cp /etc/pip.conf "$root/etc/pip.conf"; fi
mirror=/opt/swift-packages
if [ -d "$mirror" ]; then
    printf '[url "%s/"]\n\tinsteadOf = https://github.com/\n' "$mirror" > "$root/root/.gitconfig"
fi
# The root as a mount point of its own: `ip netns exec` (the test cluster's
# hosts, --slurm) makes / a slave mount in its namespace, which fails inside
# a chroot whose / is a plain directory.
mount --bind "$root" "$root"
mounts+=("$root")
mount_in /proc -t proc proc
mount_in /sys -t sysfs sysfs
mount_in /dev --rbind /dev
mount --make-rslave "$root/dev"
mount_in /dev/shm -t tmpfs -o mode=1777 tmpfs
mount_in /run -t tmpfs -o mode=0755 tmpfs
if [ -d "$mirror" ]; then mount_in "$mirror" --bind -o ro "$mirror"; fi

# The files a clone has, as they are now in this checkout (no build products);
# for --dist, the tarball alone.
rm -rf "$root/root/pimpi"
mkdir -p "$root/root/pimpi"
if [ "$mode" = dist ]; then
    cp "$dist" "$root/root/pimpi/"
    log "$(basename "$dist") in $suite ($arch)"
else
    git -C "$project" ls-files -z --cached --others --exclude-standard \
        | tar -C "$project" --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -C "$root/root/pimpi" -xf -
    log "$(git -C "$project" log --oneline -1)$(git -C "$project" diff --quiet HEAD || echo ' (with uncommitted changes)')" \
        "in $suite ($arch)"
fi

# A clean environment, as a login there would have; FRESH_ROOT= keeps the
# root's own `make check` from making a root inside it.
in_root() {
    chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        CI="${CI:-}" LANG=C.UTF-8 FRESH_ROOT= bash -c "cd /root/pimpi && $1" </dev/null
}

# The total of a report's "hits" lines (grep -o of its JSON): the first.
first_hits() { local line=${1%%$'\n'*}; echo "${line##* }"; }

# Open MPI's settings as the Makefile makes them, for root and both MPIs.
settings="OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl_tcp_disable_family=6"

case $mode in
    command) in_root "$(printf '%q ' "${command[@]}")" ;;
    dist)
        name=$(basename "$dist" .tar.gz)
        family=${name##*-}
        runtime=openmpi-bin
        [ "$family" != mpich ] || runtime=mpich
        log "installing $runtime and lmod, nothing else"
        in_root "DEBIAN_FRONTEND=noninteractive apt-get update -qq \
            && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $runtime lmod >/dev/null"
        in_root "! command -v swift && ! command -v swiftc && ! command -v make \
            && ! ls /usr/lib/*/libswiftCore.so* /usr/libexec/swift 2>/dev/null" >/dev/null \
            || { log "the root has Swift or make"; exit 1; }
        in_root "tar -xzf $name.tar.gz"
        [ -x "$project/.build/release/pimpi" ] || { log "no build of this machine's to compare with: make build"; exit 1; }
        launcher=mpirun
        [ "$family" != mpich ] || launcher=mpiexec
        for launch in "1 1e7" "2 1e8"; do
            set -- $launch
            theirs=$(in_root "source /usr/share/lmod/lmod/init/bash && module use /root/pimpi/$name/modulefiles \
                && module load pimpi && $settings $launcher -np $1 pimpi $2 --no-serial --format json" \
                | grep -o '"hits": [0-9]*')
            ours=$(env $settings mpirun --oversubscribe -np "$1" "$project/.build/release/pimpi" "$2" \
                --no-serial --format json | grep -o '"hits": [0-9]*')
            # Every "hits" of the report, the total's first, then each rank's.
            log "$2 throws on $1 rank(s) through module load pimpi: $(first_hits "$theirs") hits in $suite," \
                "$(first_hits "$ours") here"
            [ -n "$theirs" ] && [ "$theirs" = "$ours" ] || { log "the hits differ"; exit 1; }
        done ;;
    run)
        in_root "make run THROWS=1e9"
        if [ -n "$slurm" ]; then in_root "make cluster-deps && bash Tests/slurm/batch-scripts.sh"; fi ;;
    full)
        if [ "$arch" = "$host_arch" ]; then
            in_root "make run THROWS=1e9 && CI=true make check"
        else
            # The same hits as this machine's build, for the same seed and throws:
            # one rank alone and two under mpirun.
            in_root "make build"
            if [ -n "$dist_out" ]; then
                in_root "make dist DIST_DIR=/root/dist-out DIST_SYSROOT_SUITE="
                cp "$root"/root/dist-out/pimpi-*.tar.gz "$root"/root/dist-out/pimpi-*.tar.gz.sha256 "$dist_out/"
                log "$(cd "$dist_out" && ls pimpi-*-linux-*.tar.gz | tr '\n' ' ')in $dist_out"
            fi
            [ -x "$project/.build/release/pimpi" ] || make -C "$project" build >/dev/null
            for launch in "1 1e7" "2 1e8"; do
                set -- $launch
                theirs=$(in_root "$settings mpirun --oversubscribe -np $1 .build/release/pimpi $2 --no-serial \
                    --format json" | grep -o '"hits": [0-9]*')
                ours=$(env $settings mpirun --oversubscribe -np "$1" "$project/.build/release/pimpi" "$2" \
                    --no-serial --format json | grep -o '"hits": [0-9]*')
                log "$2 throws on $1 rank(s): $(first_hits "$theirs") hits on $arch, $(first_hits "$ours") on $host_arch"
                [ -n "$theirs" ] && [ "$theirs" = "$ours" ] || { log "the hits differ"; exit 1; }
            done
        fi ;;
esac
log "done"
