#!/usr/bin/env bash
# The job scripts as a user submits them, under this machine's own Slurm: a
# throw-away test cluster (Tests/slurm/cluster.sh: a login host and nodes n1,
# n2 with a CPU each), then `sbatch slurm/pimpi.slurm 1e8` and, against a
# reference recorded there, `sbatch slurm/acceptance.slurm REFERENCE 1`. Each
# job's state and output are printed; the exit status is 0 when both ran
# through to pimpi's report: pimpi.slurm COMPLETED, and acceptance.slurm with
# its verdict (COMPLETED, or FAILED with status 3 where a busy machine made
# pimpi warn: --fail-on-warning). The cluster is stopped and removed however it
# ends. Tests/debian/fresh-root.sh --slurm runs it in a Debian 13 root, for
# Slurm 24.11 beside this machine's 22.05 (docs/slurm.md).
#
#   Tests/slurm/batch-scripts.sh [PIMPI]      (default: .build/release/pimpi)
#
# Needs root, a build, and what cluster.sh needs (make cluster-deps).
set -euo pipefail
project=$(cd "$(dirname "$0")/../.." && pwd)
pimpi=$(realpath "${1:-$project/.build/release/pimpi}")
log() { echo "batch-scripts: $*" >&2; }
[ -x "$pimpi" ] || { log "no pimpi at $pimpi: make build"; exit 2; }

dir=$(mktemp -d /tmp/pimpi-bs.XXXXXX)
trap '"$project/Tests/slurm/cluster.sh" stop "$dir" >&2 || true; rm -rf "$dir"' EXIT
"$project/Tests/slurm/cluster.sh" start "$dir" 2
on_login() { "$dir/bin/on" login env SLURM_CONF="$dir/slurm.conf" "$@"; }
log "$(on_login sbatch --version)"

# Submits SCRIPT ARGS... with PIMPI set and waits up to two minutes for it to
# end; prints its state, then its output.
run_job() {
    local id state="UNKNOWN" waited=0
    id=$(on_login sbatch --parsable -o "$dir/job-%j.out" --export="ALL,PIMPI=$pimpi,SLURM_MPI_TYPE=pmix" \
        -N 2 --ntasks-per-node=1 "$@")
    while [ $waited -lt 240 ]; do
        state=$(on_login scontrol show job -o "$id" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2) \
            || state=FINISHED
        case $state in COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|FINISHED|"") break ;; esac
        sleep 0.5
        waited=$((waited + 1))
    done
    echo "job $id ($*): ${state:-FINISHED}"
    cat "$dir/job-$id.out"
}

status=0
out=$(run_job "$project/slurm/pimpi.slurm" 1e8)
echo "$out"
grep -q ': COMPLETED$' <<<"${out%%$'\n'*}" && grep -q '^  hits ' <<<"$out" || status=1

on_login srun -N 2 --ntasks-per-node=1 --mpi=pmix "$pimpi" --duration 1 --threads auto --no-serial --format json \
    > "$dir/reference.json"
out=$(run_job "$project/slurm/acceptance.slurm" "$dir/reference.json" 1 --reference-fraction 0.5)
echo "$out"
grep -q '^  hits ' <<<"$out" && grep -Eq '^acceptance: (every node within|some nodes are below)' <<<"$out" \
    || status=1
[ $status = 0 ] && log "both jobs ran through to pimpi's report" || log "a job failed"
exit $status
