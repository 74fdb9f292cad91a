#!/usr/bin/env bash
# policy-mine benchmark: end to end with 1 and 2 threads, against bare jieba-rs `tag` and the
# Python jieba workflow, on corpora in which sentences do not repeat (bench/make_nonrepeating.py:
# clauses recombined, numbers redrawn; the sentence cache hits well under 15 %) and on the real
# shared corpora; then, labelled, the sentence cache's best case (bench/make_corpus.py, 410
# distinct sentences). Prints one table and writes bench/results.md. Not run by CI.
#
# Environment: BENCH_DIR (corpora and outputs; default $TMPDIR/policy-mine-bench),
# SIZES (MB; default "40 1000"), RUNS (default 3), PY_MB (Python slice; default 10).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/policy-mine-bench}
sizes=${SIZES:-"40 1000"}
runs=${RUNS:-3}
py_mb=${PY_MB:-10}
mkdir -p "$dir"

command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
cargo build --release --quiet --bin policy-mine --example bare_tag --example domain_tag
bin=$repo/target/release/policy-mine
bare=$repo/target/release/examples/bare_tag
domain=$repo/target/release/examples/domain_tag

for size in $sizes $py_mb; do
    [ -f "$dir/n$size/metadata.csv" ] || python3 bench/make_nonrepeating.py "$size" "$dir/n$size"
done
mb() { du -sb --apparent-size "$1/docs" | awk '{printf "%.1f", $1/1e6}'; }

# median of $runs runs of a command: prints "seconds peak_rss_kb"
measure() {
    local out=()
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "%e %M" -o "$dir/time.txt" "$@" >/dev/null 2>"$dir/stderr.txt" \
            || { cat "$dir/stderr.txt" >&2; exit 1; }
        out+=("$(cat "$dir/time.txt")")
    done
    printf '%s\n' "${out[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

rows=()
row() { rows+=("$(printf '| %-34s | %8s | %9s | %8s |' "$1" "$2" "$3" "$4")"); }
rate() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.2f", b / s }'; }

read -r s rss < <(measure "$bin" run -q --force --corpus corpus --out "$dir/out-bundled")
bundled_s=$s
row "policy-mine, bundled corpus (0.06 MB)" "-" "$((rss / 1024))" "$s s"

size0=$(echo $sizes | awk '{print $1}')
files=$(awk -F, 'NR>1 {print $3}' "$dir/n$size0/metadata.csv" | sed "s|^|$dir/n$size0/|")
read -r s rss < <(measure $bare $files)
bare_mbs=$(rate "$(mb "$dir/n$size0")" "$s")
row "bare jieba-rs tag, ${size0} MB" "$bare_mbs" "$((rss / 1024))" "$s s"

# The floor of policy-mine's own segmentation: normalize, split sentences, jieba-rs `tag` per
# sentence with the domain dictionary; no coding, metrics, counts or tables.
read -r s rss < <(measure $domain $files)
domain_mbs=$(rate "$(mb "$dir/n$size0")" "$s")
row "segmentation only (domain dictionary, per sentence), ${size0} MB" "$domain_mbs" "$((rss / 1024))" "$s s"

# The machine's own ceiling for 2 threads: two independent bare jieba-rs processes at once.
pair_start=$(date +%s.%N)
$bare $files >/dev/null & $bare $files >/dev/null; wait
pair_s=$(awk -v a="$pair_start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b - a}')
pair_mbs=$(rate "$(awk -v m="$(mb "$dir/n$size0")" 'BEGIN{print 2*m}')" "$pair_s")
row "2 × bare jieba-rs tag at once, ${size0} MB each" "$pair_mbs" "-" "$pair_s s"

declare -A mbs peak
for size in $sizes; do
    for t in 1 2; do
        read -r s rss < <(measure "$bin" run -q --force --threads "$t" --corpus "$dir/n$size" --out "$dir/out-$size-$t")
        mbs[$size-$t]=$(rate "$(mb "$dir/n$size")" "$s")
        peak[$size-$t]=$((rss / 1024))
        row "policy-mine, ${size} MB, $t thread(s)" "${mbs[$size-$t]}" "${peak[$size-$t]}" "$s s"
    done
done

# The real corpora (../shared/corpora), uncached and as they are.
shared=$(dirname "$repo")/shared/corpora
for c in gov-work-reports-national gov-work-reports-2026; do
    [ -d "$shared/$c" ] || continue
    for t in 1 2; do
        read -r s rss < <(measure "$bin" run -q --force --threads "$t" --corpus "$shared/$c" --out "$dir/out-$c-$t")
        row "policy-mine, $c ($(mb "$shared/$c") MB), $t thread(s)" "$(rate "$(mb "$shared/$c")" "$s")" "$((rss / 1024))" "$s s"
    done
done

# The sentence cache's best case, labelled: a corpus drawn from 410 distinct sentences.
[ -f "$dir/c$size0/metadata.csv" ] || python3 bench/make_corpus.py "$size0" "$dir/c$size0"
for t in 1 2; do
    read -r s rss < <(measure "$bin" run -q --force --threads "$t" --corpus "$dir/c$size0" --out "$dir/out-cached-$t")
    mbs[cached-$t]=$(rate "$(mb "$dir/c$size0")" "$s")
    row "cached best case (410 sentences), ${size0} MB, $t thread(s)" "${mbs[cached-$t]}" "$((rss / 1024))" "$s s"
done
hit_rate=$("$bin" run --force --threads 1 --corpus "$dir/n$size0" --out "$dir/out-hits" | awk '/cache hits/ {print $7}' | tr -d '()')
best_hit_rate=$("$bin" run --force --threads 1 --corpus "$dir/c$size0" --out "$dir/out-hits" | awk '/cache hits/ {print $7}' | tr -d '()')

# Python reference on the slice, and policy-mine on the same slice for the agreement check.
venv=$dir/venv
[ -x "$venv/bin/python" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet jieba; }
"$venv/bin/python" bench/reference_jieba.py "$dir/n$py_mb" "$dir/reference_top50.csv" > "$dir/py.txt"
py_s=$(awk '{print $2}' "$dir/py.txt")
py_rss=$(/usr/bin/time -f "%M" "$venv/bin/python" bench/reference_jieba.py "$dir/n$py_mb" "$dir/reference_top50.csv" 2>&1 >/dev/null | tail -1)
py_mbs=$(awk '{print $6}' "$dir/py.txt")
row "Python jieba posseg + Counter, ${py_mb} MB" "$py_mbs" "$((py_rss / 1024))" "$py_s s"
read -r s _ < <(measure "$bin" run -q --force --threads 1 --corpus "$dir/n$py_mb" --out "$dir/out-py")
pm_py_mbs=$(rate "$(mb "$dir/n$py_mb")" "$s")
row "policy-mine, ${py_mb} MB, 1 thread" "$pm_py_mbs" "-" "$s s"
agreement=$(python3 bench/compare_top50.py "$dir/reference_top50.csv" "$dir/out-py/term_frequency.csv")

big=$(echo $sizes | awk '{print $NF}')
{
    echo "| variant | MB/s | peak RSS (MB) | median wall |"
    echo "|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
    echo
    echo "| ratio | value | target |"
    echo "|---|---|---|"
    echo "| pipeline 1 thread / bare tag (${size0} MB) | $(awk -v a="${mbs[$size0-1]}" -v b="$bare_mbs" 'BEGIN{printf "%.2f", a/b}') | >= 0.6 |"
    for size in $sizes; do
        echo "| 2 threads / 1 thread (${size} MB) | $(awk -v a="${mbs[$size-2]}" -v b="${mbs[$size-1]}" 'BEGIN{printf "%.2f", a/b}') | >= 1.8 |"
    done
    echo "| segmentation only / bare tag: the ceiling for the pipeline | $(awk -v a="$domain_mbs" -v b="$bare_mbs" 'BEGIN{printf "%.2f", a/b}') | |"
    echo "| pipeline 1 thread / segmentation only | $(awk -v a="${mbs[$size0-1]}" -v b="$domain_mbs" 'BEGIN{printf "%.2f", a/b}') | |"
    echo "| machine ceiling: 2 bare processes / 1 bare process | $(awk -v a="$pair_mbs" -v b="$bare_mbs" 'BEGIN{printf "%.2f", a/b}') | |"
    echo "| cached best case, 1 thread / bare tag | $(awk -v a="${mbs[cached-1]}" -v b="$bare_mbs" 'BEGIN{printf "%.2f", a/b}') | |"
    echo "| pipeline 1 thread / Python (${py_mb} MB) | $(awk -v a="$pm_py_mbs" -v b="$py_mbs" 'BEGIN{printf "%.0f", a/b}') | >= 100 |"
    echo "| pipeline 2 threads (${size0} MB) / Python | $(awk -v a="${mbs[$size0-2]}" -v b="$py_mbs" 'BEGIN{printf "%.0f", a/b}') | |"
    echo "| peak RSS ${size0} MB corpus, 2 threads | ${peak[$size0-2]} MB | <= 250 MB |"
    echo "| peak RSS ${big} MB corpus, 2 threads | ${peak[$big-2]} MB | <= 250 MB |"
    echo "| peak RSS ${big} MB / ${size0} MB (2 threads) | $(awk -v a="${peak[$big-2]}" -v b="${peak[$size0-2]}" 'BEGIN{printf "%.2f", a/b}') | <= 1.2 |"
    echo "| bundled corpus, wall time | ${bundled_s} s | < 0.5 s |"
    echo
    echo "Sentence-cache hit rate: ${hit_rate} on the ${size0} MB non-repeating corpus (must stay under 15 %), ${best_hit_rate} on the cached best case."
    echo
    echo "Python agreement with policy-mine on the ${py_mb} MB slice: $agreement"
} > "$dir/table.md"
cat "$dir/table.md"
{
    echo "# Benchmark results"
    echo
    echo "Last run: $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), median of $runs runs; policy-mine $("$bin" --version | awk '{print $2}'). Reproduce with \`bench/run.sh\`."
    echo
    cat "$dir/table.md"
} > bench/results.md
