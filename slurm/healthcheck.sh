#!/bin/bash
# pimpi's node check as Slurm's HealthCheckProgram, in NHC's manner: slurmd
# runs it on each node (as root, every HealthCheckInterval seconds); it screens
# the node with pimpi for a while, every CPU counting blocks that each have one
# right answer, checked on two cores (docs/acceptance.md); on a bad verdict it
# drains its own node with pimpi's reason, and on a good one it does nothing.
# slurm.conf:
#
#   HealthCheckProgram=/opt/pimpi/share/pimpi/slurm/healthcheck.sh
#   HealthCheckInterval=3600
#   HealthCheckNodeState=IDLE      # the screen uses every CPU: never under a job
#
# Settings, from the environment or from the file PIMPI_HEALTHCHECK_CONF
# (default /etc/pimpi/healthcheck.conf, sourced when it exists):
#   PIMPI                    the pimpi binary (default: bin/pimpi of the tree this
#                            script was installed in, else pimpi on PATH)
#   PIMPI_SCREEN             how long to screen (default 20s; slurmd kills the
#                            program after 60 s, so keep it under about 45s)
#   PIMPI_REFERENCE          a healthy node's report or make bench's reference.json:
#                            the node is also judged by its rate per core
#   PIMPI_REFERENCE_FRACTION below this fraction of the reference it is bad (0.9)
#   PIMPI_HEALTHCHECK_ARGS   more pimpi options (e.g. --kernel x86-64-v3)
#
# Exit status: 0 healthy; 1 drained; 2 the check itself is misconfigured (the
# node is left alone, the reason is logged).
set -uo pipefail

conf=${PIMPI_HEALTHCHECK_CONF:-/etc/pimpi/healthcheck.conf}
# shellcheck source=/dev/null
[ ! -r "$conf" ] || . "$conf"

here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${PIMPI:-}" ]; then
    if [ -x "$here/../../../bin/pimpi" ]; then PIMPI=$here/../../../bin/pimpi; else PIMPI=pimpi; fi
fi
node=${SLURMD_NODENAME:-$(hostname -s)}

log() {
    echo "pimpi healthcheck: $*" >&2
    command -v logger >/dev/null 2>&1 && logger -t pimpi-healthcheck -- "$*" 2>/dev/null || true
}

drain() {
    # scontrol keeps the first reason it is given until the node is resumed.
    local reason=${1:0:200}
    log "draining $node: $reason"
    scontrol update NodeName="$node" State=DRAIN Reason="$reason" \
        || log "scontrol could not drain $node"
    exit 1
}

command -v "$PIMPI" >/dev/null 2>&1 || { log "'$PIMPI' not found: set PIMPI in $conf"; exit 2; }

screen=${PIMPI_SCREEN:-20s}
# slurmd kills the program at 60 s: a longer screen would drain every node.
seconds=$(awk -v d="$screen" 'BEGIN { n = d + 0; u = substr(d, length(d)); if (u == "m") n *= 60; if (u == "h") n *= 3600; print n }')
if awk -v s="$seconds" 'BEGIN { exit !(s > 45) }'; then
    log "PIMPI_SCREEN=$screen is longer than 45 s, and slurmd ends a health check at 60 s; $node is not judged"
    exit 2
fi
args=(--screen "$screen")
[ -z "${PIMPI_REFERENCE:-}" ] || args+=(--reference "$PIMPI_REFERENCE")
[ -z "${PIMPI_REFERENCE_FRACTION:-}" ] || args+=(--reference-fraction "$PIMPI_REFERENCE_FRACTION")
# shellcheck disable=SC2206
args+=(${PIMPI_HEALTHCHECK_ARGS:-})

errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
# Bounded here too: slurmd's own limit kills the script without a word.
verdict=$(timeout -k 2 55 "$PIMPI" "${args[@]}" 2>"$errors")
status=$?
case $status in
    0) log "$verdict"; exit 0 ;;
    4)  # "pimpi: NODE bad: REASONS; figures…": the reasons are the drain reason.
        reason=$(sed -n 's/^pimpi: [^ ]* bad: \([^;]*\);.*/\1/p' <<<"$verdict" | head -1)
        log "$verdict"
        drain "pimpi: ${reason:-judged bad}" ;;
    64) log "the check is misconfigured ($(head -1 "$errors")); $node is not judged"; exit 2 ;;
    124|137) drain "pimpi: screen did not end within 55 s" ;;
    *)  drain "pimpi: screen failed (status $status): $(sed 's/^pimpi: error: //' "$errors" | head -1)" ;;
esac
