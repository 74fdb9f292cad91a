#!/usr/bin/env bash
# compare_outputs.sh OLD_BIN NEW_BIN: run two builds of policy-mine on the bundled corpus, the
# shared corpora (with --group-by year --dtm on the national series) and a --group-by doc run,
# and byte-compare every file they write (manifest.json without `timing` and `tool`) and their
# stderr. Prints "all identical" and exits 0, or lists each difference and exits 1.
# Used to check that a refactor or an optimisation leaves every table unchanged.
# EXTRA_CORPUS=DIR adds a run on DIR at 2 threads (e.g. a bench/make_nonrepeating.py corpus).
# SHARED_CORPORA=DIR says where the shared corpora are (default: ../shared/corpora of the repo);
# when they are missing the script says so, since the comparison then covers less.
set -uo pipefail
OLD=$1; NEW=$2
cd "$(dirname "$0")/.."
shared=${SHARED_CORPORA:-$(dirname "$(pwd)")/shared/corpora}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
rc=0
specs=("corpus|" "corpus|--group-by doc --threads 1" "corpus|--measures rothwell-zegveld")
if [ -d "$shared" ]; then
    specs+=("$shared/gov-work-reports-national|--group-by year --dtm" "$shared/gov-work-reports-2026|--threads 2")
else
    echo "note: no shared corpora at $shared (set SHARED_CORPORA); comparing the bundled corpus only" >&2
fi
[ -n "${EXTRA_CORPUS:-}" ] && specs+=("$EXTRA_CORPUS|--threads 2")
for spec in "${specs[@]}"; do
    c=${spec%%|*}; extra=${spec#*|}; n=$(echo "$c$extra" | md5sum | cut -c1-8)
    # shellcheck disable=SC2086
    "$OLD" run --corpus "$c" --out "$tmp/$n-a" -q $extra 2>"$tmp/$n-a.err"
    # shellcheck disable=SC2086
    "$NEW" run --corpus "$c" --out "$tmp/$n-b" -q $extra 2>"$tmp/$n-b.err"
    for f in "$tmp/$n-a"/*; do
        b=$(basename "$f"); [ "$b" = manifest.json ] && continue
        cmp -s "$f" "$tmp/$n-b/$b" || { echo "DIFF $c $extra: $b"; rc=1; }
    done
    python3 - "$tmp/$n-a/manifest.json" "$tmp/$n-b/manifest.json" <<'PY' || { echo "DIFF $c $extra: manifest.json"; rc=1; }
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for m in (a, b):
    m.pop("timing", None); m.pop("tool", None)
sys.exit(0 if a == b else 1)
PY
    cmp -s "$tmp/$n-a.err" "$tmp/$n-b.err" || { echo "DIFF $c $extra: stderr"; rc=1; }
done
[ $rc = 0 ] && echo "all identical"
exit $rc
