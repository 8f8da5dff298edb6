#!/usr/bin/env bash
# Simulated hosts on this machine, for trying pimpi across "nodes": each host
# has its own network namespace (an address on a private subnet, and its own
# TCP settings), its own UTS namespace (hostname), its own IPC namespace (so
# that MPI's shared-memory transports see another machine, as they would), and
# CPUs of its own (a cpuset cgroup). A bridge in a namespace of its own joins
# them; nothing is added to this machine's own network, and no traffic leaves
# the namespaces made here.
#
#   Tests/cluster/hosts.sh up DIR HOST:CPUS...   e.g. login:all n1:0 n2:1
#   DIR/bin/on HOST COMMAND...                   run COMMAND on HOST
#   DIR/bin/ssh [OPTIONS] HOST COMMAND           an ssh stand-in for mpirun/mpiexec
#   DIR/bin/link HOST down|up                    cut or restore HOST's link
#   DIR/bin/pids HOST                            the processes running on HOST
#   DIR/bin/quota HOST PERCENT|max               caps HOST at PERCENT of one CPU (a slow node), or lifts it
#   Tests/cluster/hosts.sh down DIR              kill what runs there, remove it all
#   Tests/cluster/hosts.sh leftovers [DIR]       list anything left behind; status 1 if any
#   Tests/cluster/hosts.sh clean                 remove all hosts any run made (none may be in use)
#
# CPUS is a CPU list (0, 0-3, 1,3) or "all". Needs root, iproute2 and
# util-linux (unshare, nsenter).
set -euo pipefail

usage() { echo "usage: $0 up DIR HOST:CPUS... | down DIR | leftovers [DIR] | clean" >&2; exit 2; }
log() { echo "hosts: $*" >&2; }

# The private subnet; only the namespaces made here have addresses on it.
SUBNET_PREFIX=${PIMPI_HOSTS_SUBNET_PREFIX:-10.77.0}
# TCP gives up on an unanswered connection after this many retransmissions
# (Linux's default, 15, takes about 15 minutes). A launcher that has sent to
# a node that dropped off waits that long; see docs/cluster-tests.md.
TCP_RETRIES2=${PIMPI_HOSTS_TCP_RETRIES2:-3}

# Every namespace and cgroup made for DIR is named with this tag: "pimpi-"
# and a checksum of DIR's absolute path, so that clusters side by side differ.
tag_of() { echo "pimpi-$(printf '%s' "$1" | cksum | cut -c1-8)"; }

# The cpuset hierarchy, mounted under DIR: /sys is remounted inside a network
# namespace (ip netns exec), so the cgroup files must be reachable elsewhere.
mount_cpusets() {
    local dir=$1
    mkdir -p "$dir/cgroup"
    if grep -qw cpuset /proc/self/cgroup 2>/dev/null && mount -t cgroup -o cpuset pimpi-cpuset "$dir/cgroup" 2>/dev/null; then
        echo v1 > "$dir/cgroup-version"
    elif [ -f /sys/fs/cgroup/cgroup.controllers ] && grep -qw cpuset /sys/fs/cgroup/cgroup.controllers \
        && mount -t cgroup2 pimpi-cgroup2 "$dir/cgroup" 2>/dev/null; then
        grep -qw cpuset "$dir/cgroup/cgroup.subtree_control" || echo +cpuset > "$dir/cgroup/cgroup.subtree_control"
        # cgroup v2 keeps the CPU quota (cpu.max) in the same hierarchy.
        if grep -qw cpu "$dir/cgroup/cgroup.controllers" && ! grep -qw cpu "$dir/cgroup/cgroup.subtree_control"; then
            echo +cpu > "$dir/cgroup/cgroup.subtree_control" 2>/dev/null || true
        fi
        echo v2 > "$dir/cgroup-version"
    else
        rmdir "$dir/cgroup"
        log "no cpuset cgroup here: the hosts share this machine's CPUs"
    fi
    # cgroup v1 has the CPU quota (cpu.cfs_quota_us) in the cpu hierarchy.
    if [ "$(cat "$dir/cgroup-version" 2>/dev/null)" = v1 ]; then
        mkdir -p "$dir/cgroup-cpu"
        mount -t cgroup -o cpu pimpi-cpu "$dir/cgroup-cpu" 2>/dev/null || rmdir "$dir/cgroup-cpu"
    fi
}

up() {
    local dir=$1; shift
    [ "$(id -u)" = 0 ] || { log "must run as root (namespaces, cgroups)"; exit 2; }
    [ $# -ge 1 ] || usage
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    local tag; tag=$(tag_of "$dir")
    mkdir -p "$dir/bin" "$dir/ns"
    : > "$dir/hosts"
    trap 'log "setting up failed; removing what was made"; down "$dir"' ERR

    local bridge="$tag-br" k=0 spec host cpus address
    ip netns add "$bridge"
    ip -n "$bridge" link add br0 type bridge
    ip -n "$bridge" link set br0 up
    mount_cpusets "$dir"
    # ip netns exec mounts a sysfs of the host's network namespace over /sys,
    # which hides /sys/fs/cgroup; daemons that look for it there (slurmd)
    # get this machine's back, through a bind made here, on each `on`.
    mkdir -p "$dir/sys-cgroup"
    mount --rbind /sys/fs/cgroup "$dir/sys-cgroup"
    mount --make-rslave "$dir/sys-cgroup"
    for spec in "$@"; do
        host=${spec%%:*}; cpus=${spec#*:}
        [ "$host" != "$spec" ] && [ -n "$host" ] || usage
        k=$((k + 1)); address="$SUBNET_PREFIX.$((k + 1))"
        echo "$host $address" >> "$dir/hosts"
        ip netns add "$tag-$host"
        # Named by number while both ends are still in this namespace.
        ip link add "pv$$h$k" type veth peer name "pv$$b$k"
        ip link set "pv$$h$k" netns "$tag-$host"
        ip link set "pv$$b$k" netns "$bridge"
        ip -n "$bridge" link set "pv$$b$k" name "$host" master br0 up
        ip -n "$tag-$host" link set "pv$$h$k" name eth0
        ip -n "$tag-$host" addr add "$address/24" dev eth0
        ip -n "$tag-$host" link set eth0 up
        ip -n "$tag-$host" link set lo up
        ip netns exec "$tag-$host" sysctl -qw net.ipv4.tcp_retries2="$TCP_RETRIES2"
        touch "$dir/ns/uts-$host" "$dir/ns/ipc-$host"
        unshare --uts="$dir/ns/uts-$host" hostname "$host"
        unshare --ipc="$dir/ns/ipc-$host" true
        if [ -d "$dir/cgroup" ]; then
            [ "$cpus" = all ] && cpus=$(cat "$dir/cgroup/cpuset.cpus" 2>/dev/null || cat "$dir/cgroup/cpuset.cpus.effective")
            mkdir "$dir/cgroup/$tag-$host"
            echo "$cpus" > "$dir/cgroup/$tag-$host/cpuset.cpus"
            if [ -f "$dir/cgroup/$tag-$host/cpuset.mems" ]; then
                cat "$dir/cgroup/cpuset.mems" 2>/dev/null > "$dir/cgroup/$tag-$host/cpuset.mems" \
                    || cat "$dir/cgroup/cpuset.mems.effective" > "$dir/cgroup/$tag-$host/cpuset.mems"
            fi
        fi
        [ ! -d "$dir/cgroup-cpu" ] || mkdir "$dir/cgroup-cpu/$tag-$host"
    done
    # Each host resolves every host's name (ip netns exec mounts these over /etc).
    for spec in "$@"; do
        host=${spec%%:*}
        mkdir -p "/etc/netns/$tag-$host"
        { echo "127.0.0.1 localhost"; awk '{ print $2, $1 }' "$dir/hosts"; } > "/etc/netns/$tag-$host/hosts"
    done

    cat > "$dir/bin/on" <<SCRIPT
#!/bin/sh
# on HOST COMMAND...: runs COMMAND on simulated host HOST (Tests/cluster/hosts.sh).
[ \$# -ge 2 ] || { echo "usage: \$0 HOST COMMAND..." >&2; exit 2; }
host=\$1; shift
[ -e "$dir/ns/uts-\$host" ] || { echo "\$0: no host \$host" >&2; exit 255; }
[ ! -d "$dir/cgroup/$tag-\$host" ] || echo \$\$ > "$dir/cgroup/$tag-\$host/cgroup.procs"
[ ! -d "$dir/cgroup-cpu/$tag-\$host" ] || echo \$\$ > "$dir/cgroup-cpu/$tag-\$host/cgroup.procs"
exec ip netns exec "$tag-\$host" nsenter --uts="$dir/ns/uts-\$host" --ipc="$dir/ns/ipc-\$host" -- \\
    /bin/sh -c 'mount --rbind "\$0" /sys/fs/cgroup 2>/dev/null; exec "\$@"' "$dir/sys-cgroup" "\$@"
SCRIPT
    cat > "$dir/bin/ssh" <<SCRIPT
#!/bin/sh
# An ssh stand-in for Open MPI's plm_rsh_agent and hydra's -launcher-exec:
# ssh [OPTIONS] HOST COMMAND... runs COMMAND through a shell on HOST, as sshd would.
while [ \$# -gt 0 ]; do
    case \$1 in
        -[bcDEeFIiJLlmOopQRSWw]) shift 2 ;;
        -*) shift ;;
        *) break ;;
    esac
done
host=\$1; shift
exec "$dir/bin/on" "\$host" /bin/sh -c "\$*"
SCRIPT
    cat > "$dir/bin/link" <<SCRIPT
#!/bin/sh
# link HOST down|up: cuts HOST off the network, or joins it again.
exec ip -n "$tag-\$1" link set eth0 "\$2"
SCRIPT
    cat > "$dir/bin/pids" <<SCRIPT
#!/bin/sh
# pids HOST: the processes running on HOST.
exec ip netns pids "$tag-\$1"
SCRIPT
    cat > "$dir/bin/quota" <<SCRIPT
#!/bin/sh
# quota HOST PERCENT|max: lets everything on HOST together use PERCENT of one
# CPU in each 100 ms (a node that came back slow), or lifts the cap (max).
[ \$# -eq 2 ] || { echo "usage: \$0 HOST PERCENT|max" >&2; exit 2; }
period=100000
if [ "\$2" = max ]; then quota=-1; else quota=\$((\$2 * period / 100)); fi
if [ -d "$dir/cgroup-cpu/$tag-\$1" ]; then
    echo \$quota > "$dir/cgroup-cpu/$tag-\$1/cpu.cfs_quota_us" && exit 0
elif [ -f "$dir/cgroup/$tag-\$1/cpu.max" ]; then
    [ "\$quota" != -1 ] || quota=max
    echo "\$quota \$period" > "$dir/cgroup/$tag-\$1/cpu.max" && exit 0
fi
echo "\$0: no CPU quota for host \$1 here (no cpu cgroup controller)" >&2
exit 1
SCRIPT
    chmod +x "$dir/bin/on" "$dir/bin/ssh" "$dir/bin/link" "$dir/bin/pids" "$dir/bin/quota"
    trap - ERR
    log "up: $(awk '{ printf "%s%s (%s)", sep, $1, $2; sep = ", " }' "$dir/hosts") in $dir"
}

# Processes in any of DIR's network namespaces.
pids_of() {
    local tag=$1 ns
    for ns in $(ip netns list | awk '{ print $1 }' | grep "^$tag-" || true); do
        ip netns pids "$ns" 2>/dev/null || true
    done
}

down() {
    local dir=$1
    [ -d "$dir" ] || return 0
    dir=$(cd "$dir" && pwd)
    local tag; tag=$(tag_of "$dir")
    local pids tries=0 ns cg f
    # A host that is switched off: everything on it dies at once.
    while pids=$(pids_of "$tag") && [ -n "$pids" ] && [ $tries -lt 50 ]; do
        kill -9 $pids 2>/dev/null || true
        sleep 0.1
        tries=$((tries + 1))
    done
    for ns in $(ip netns list | awk '{ print $1 }' | grep "^$tag-" || true); do
        ip netns del "$ns" 2>/dev/null || true
        rm -rf "/etc/netns/$ns"
    done
    for f in "$dir"/ns/*; do
        [ -e "$f" ] || continue
        umount "$f" 2>/dev/null || true
        rm -f "$f"
    done
    if [ -d "$dir/sys-cgroup" ]; then
        umount -R "$dir/sys-cgroup" 2>/dev/null || umount -lR "$dir/sys-cgroup" 2>/dev/null || true
        rmdir "$dir/sys-cgroup" 2>/dev/null || true
    fi
    for f in cgroup cgroup-cpu; do
        [ -d "$dir/$f" ] || continue
        for cg in "$dir/$f/$tag-"*; do
            [ -d "$cg" ] && { rmdir "$cg" 2>/dev/null || log "cannot remove cgroup $cg"; }
        done
        umount "$dir/$f" 2>/dev/null || true
        rmdir "$dir/$f" 2>/dev/null || true
    done
    rm -rf "$dir/bin" "$dir/ns" "$dir/hosts" "$dir/cgroup-version"
}

# Namespaces, /etc/netns entries, bind-mounted namespace files and cgroups
# that hosts.sh made (for DIR, or any), and processes still in them.
leftovers() {
    local pattern=pimpi- under=/ found=0
    if [ $# -ge 1 ] && [ -n "$1" ]; then
        under=$(cd "$1" 2>/dev/null && pwd || echo "$1")
        pattern="$(tag_of "$under")-"
    fi
    local ns
    for ns in $(ip netns list | awk '{ print $1 }' | grep "^$pattern" || true); do
        echo "namespace $ns (processes: $(ip netns pids "$ns" 2>/dev/null | tr '\n' ' '))"; found=1
    done
    for ns in /etc/netns/"$pattern"*; do [ -e "$ns" ] && { echo "file $ns"; found=1; }; done
    local mounts
    mounts=$(awk -v under="$under" 'index($5, under) == 1 \
        && ($5 ~ /\/ns\/(uts|ipc)-|\/sys-cgroup$/ || / - cgroup2? pimpi-(cpuset|cgroup2|cpu) /) { print "mount " $5 }' \
        /proc/self/mountinfo)
    [ -z "$mounts" ] || { echo "$mounts"; found=1; }
    for ns in /sys/fs/cgroup/cpuset/"$pattern"* /sys/fs/cgroup/cpu/"$pattern"* /sys/fs/cgroup/"$pattern"*; do
        [ -d "$ns" ] && { echo "cgroup $ns"; found=1; }
    done
    return $found
}

# Everything that leftovers finds, whoever made it: for a run that was killed
# before it could take its hosts down (SIGKILL, a machine reset). Each host
# directory named by a mount goes as `down` takes it; what remains of others
# (their directory gone) is killed and removed by name. Only for when no run
# is using hosts: `make check` holds a lock while it does.
clean() {
    local found dir ns cg
    found=$(leftovers || true)
    [ -n "$found" ] || return 0
    log "removing what an earlier run left behind:"
    echo "$found" | sed 's/^/  /' >&2
    for dir in $(echo "$found" | sed -n 's#^mount \(.*\)/\(ns/[a-z]*-[^/]*\|sys-cgroup\|cgroup\|cgroup-cpu\)$#\1#p' | sort -u); do
        down "$dir"
    done
    for ns in $(ip netns list | awk '{ print $1 }' | grep '^pimpi-' || true); do
        kill -9 $(ip netns pids "$ns" 2>/dev/null) 2>/dev/null || true
    done
    for cg in /sys/fs/cgroup/cpuset/pimpi-* /sys/fs/cgroup/cpu/pimpi-* /sys/fs/cgroup/pimpi-*; do
        [ -d "$cg" ] || continue
        kill -9 $(cat "$cg/cgroup.procs" 2>/dev/null) 2>/dev/null || true
    done
    sleep 0.2
    for ns in $(ip netns list | awk '{ print $1 }' | grep '^pimpi-' || true); do
        ip netns del "$ns" 2>/dev/null || true
    done
    rm -rf /etc/netns/pimpi-*
    { leftovers || true; } | sed -n 's/^mount //p' | while read -r dir; do umount -lR "$dir" 2>/dev/null || true; done
    for cg in /sys/fs/cgroup/cpuset/pimpi-* /sys/fs/cgroup/cpu/pimpi-* /sys/fs/cgroup/pimpi-*; do
        [ -d "$cg" ] && { rmdir "$cg" 2>/dev/null || log "cannot remove cgroup $cg"; }
    done
    leftovers >&2 || { log "could not remove all of it (listed above)"; return 1; }
}

case "${1:-}" in
    clean) clean ;;
    up) [ $# -ge 3 ] || usage; dir=$2; shift 2; up "$dir" "$@" ;;
    down) [ $# -ge 2 ] || usage; down "$2" ;;
    leftovers) leftovers "${2:-}" ;;
    *) usage ;;
esac
