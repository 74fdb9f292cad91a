#!/usr/bin/env bash
# SIGKILL `run` and `merge` at N random moments (default 50 each). After each kill the
# output folder must hold the previous set intact or the new one complete (`verify` passes
# on whichever is there, after the next run's recovery if the kill fell between the two
# renames of the fallback swap); the next run must succeed and leave no staging folder.
# Also: 20 concurrent runs onto one --out. Usage: tests/scripts/kill_test.sh [N] [BIN]
set -euo pipefail
N=${1:-50}
BIN=${2:-$(cd "$(dirname "$0")/../.." && pwd)/target/release/policy-mine}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
# A corpus big enough that a run takes a few hundred milliseconds.
mkdir corpus
for i in $(seq 0 199); do cp "$REPO/corpus/docs/000_d25812755243d715_0$((i % 9)).txt" "corpus/p$((i % 9))_$i.txt"; done
fail() { echo "FAIL: $*"; exit 1; }
leftovers() { ls -a | grep -E '\.(stage|old)-|\.lock$' || true; }
check_out() { # the folder holds one complete set: verify passes
  "$BIN" verify "$1" >/dev/null 2>&1 || fail "$2: verify failed on $1"
}
"$BIN" run -q --corpus corpus --out out || fail "first run"
base=$("$BIN" run -q --corpus corpus --out out >/dev/null; sha256sum out/manifest.json | cut -c1-64)
t0=$(date +%s%N); "$BIN" run -q --corpus corpus --out out; t1=$(date +%s%N)
span=$(( (t1 - t0) / 1000000 ))
echo "one run takes ${span} ms; killing at random moments in [0, ${span}] ms"
for k in $(seq 1 "$N"); do
  "$BIN" run -q --corpus corpus --out out & pid=$!
  sleep "$(awk -v s="$span" -v r="$RANDOM" 'BEGIN{printf "%.3f", s*r/32768/1000}')"
  kill -KILL "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  if [ -d out ]; then check_out out "run kill $k"; fi
  "$BIN" run -q --corpus corpus --out out || fail "run after kill $k"
  check_out out "run after kill $k"
  [ -z "$(leftovers)" ] || fail "leftovers after kill $k: $(leftovers)"
done
echo "run: $N kills ok"
for s in 0 1 2; do "$BIN" run -q --corpus corpus --out "p$s" --shard "$s/3"; done
"$BIN" merge -q p0 p1 p2 --out m
t0=$(date +%s%N); "$BIN" merge -q p0 p1 p2 --out m; t1=$(date +%s%N)
span=$(( (t1 - t0) / 1000000 ))
echo "one merge takes ${span} ms"
for k in $(seq 1 "$N"); do
  "$BIN" merge -q p0 p1 p2 --out m & pid=$!
  sleep "$(awk -v s="$span" -v r="$RANDOM" 'BEGIN{printf "%.3f", s*r/32768/1000}')"
  kill -KILL "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  if [ -d m ]; then check_out m "merge kill $k"; fi
  "$BIN" merge -q p0 p1 p2 --out m || fail "merge after kill $k"
  check_out m "merge after kill $k"
  [ -z "$(leftovers)" ] || fail "leftovers after merge kill $k: $(leftovers)"
done
echo "merge: $N kills ok"
# 20 concurrent runs onto one folder.
rm -rf c; pids=()
for i in $(seq 1 20); do "$BIN" run -q --corpus corpus --out c >"log$i" 2>&1 & pids+=($!); done
okc=0; failc=0
for i in $(seq 1 20); do
  if wait "${pids[$((i-1))]}"; then okc=$((okc+1)); else
    failc=$((failc+1)); grep -q "is being written by another policy-mine process" "log$i" || fail "unclear error: $(cat "log$i")"
  fi
done
check_out c "concurrent"
[ -z "$(leftovers)" ] || fail "leftovers after concurrent runs"
echo "concurrent: $okc succeeded, $failc refused with a clear message, verify ok"
echo "all ok"
