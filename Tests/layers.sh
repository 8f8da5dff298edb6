#!/bin/bash
# Checks that PimpiCore's folders depend one way (docs/architecture.md): a
# Swift file may use the types of its own folder and of the folders in the
# layers below its own, never of a folder above; and that the unit tests'
# folders are the sources' folders. Prints each thing that breaks this and
# exits 1; prints the layers and exits 0 when there is none.
#   bash Tests/layers.sh            (also run by `make test`, as `make layers`)
# "Uses a type" means names it in code (comments are left out): a type is
# every struct, enum, class, protocol, actor or typealias declared at the top
# of a file. Extensions are the folder's own business, so a method that one
# folder adds to another's type is not seen; nor are free functions.
set -euo pipefail
cd "$(dirname "$0")/../Sources/PimpiCore"

# Bottom first. Utilities is beside all: any folder may use it, and it uses none.
layers=(Utilities Kernel Launch Options Placement Acceptance Screen Report Testing Run)

level_of() {
    local i
    for i in "${!layers[@]}"; do [ "${layers[$i]}" != "$1" ] || { echo "$i"; return; }; done
    echo "layers.sh: folder $1 is in no layer; add it to the list" >&2
    exit 2
}

declarations=$(for folder in */; do
    folder=${folder%/}
    level=$(level_of "$folder")
    grep -hoE '^((public|private|fileprivate|internal|package|final|indirect) +)*(struct|enum|class|protocol|actor|typealias) +[A-Z][A-Za-z0-9_]*' \
        "$folder"/*.swift | awk -v f="$folder" -v l="$level" '{ print $NF, f, l }'
done)
[ -z "$(ls ./*.swift 2>/dev/null)" ] || { echo "layers.sh: $(ls ./*.swift) is in no folder" >&2; exit 2; }

violations=$(for file in */*.swift; do
    folder=${file%%/*}
    level=$(level_of "$folder")
    sed -E 's://.*$::' "$file" | grep -oE '\b[A-Z][A-Za-z0-9_]*\b' | sort -u \
        | awk -v file="$file" -v f="$folder" -v l="$level" -v decl="$declarations" '
            BEGIN { n = split(decl, rows, "\n"); for (i = 1; i <= n; i++) { split(rows[i], c, " "); df[c[1]] = c[2]; dl[c[1]] = c[3] } }
            ($1 in df) && dl[$1] > l {
                print file " uses " $1 " from " df[$1] "/, which is not below " f "/" }'
done)

# Tests/PimpiCoreTests mirrors the folders: one test folder per source folder.
sources=$(ls -d */ | tr -d /)
tests=$(cd ../../Tests/PimpiCoreTests && ls -d */ | tr -d /)
violations+=$(comm -3 <(echo "$sources") <(echo "$tests") | awk -F'\t' '
    $1 != "" { print "\nSources/PimpiCore/" $1 "/ has no Tests/PimpiCoreTests/" $1 "/" }
    $2 != "" { print "\nTests/PimpiCoreTests/" $2 "/ has no Sources/PimpiCore/" $2 "/" }')
violations=$(echo "$violations" | sed '/^$/d')

if [ -n "$violations" ]; then
    echo "$violations"
    echo "layers.sh: PimpiCore's folders must depend one way; see docs/architecture.md" >&2
    exit 1
fi
echo "PimpiCore's folders depend one way, bottom first, and its tests mirror them: ${layers[*]}"
