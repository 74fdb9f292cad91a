#!/usr/bin/env bash
# Prints the README's "current figures" tables of the measure coding from `policy-mine
# validate` on every gold set and split (cues alone, and cues + --measure-model where the model
# was not trained on the split). P, R and F1 are computed from the counts (not the rounded CSV
# figures); kappa is the CSV's, to four places. Usage: bash docs/measure_figures.sh [POLICY_MINE_BINARY]
set -euo pipefail
pm=${1:-target/release/policy-mine}
fx=tests/fixtures
row() { # label file split [flags...]
  local label=$1 file=$2 split=$3; shift 3
  "$pm" validate "$fx/$file" --split "$split" --csv "$@" | awk -F, -v l="$label" -v s="$split" '
    $1=="micro" { printf "| %s | %s | %s | %.3f | %.3f | **%.3f** | %.3f [%.3f, %.3f] |\n", l, s, $3,
                      $4/($4+$5), $4/($4+$6), 2*$4/(2*$4+$5+$6), $11, $12, $13 }'
}
echo "| gold set | split | n | precision | recall | F1 | κ [95 % CI] |"
echo "|---|---|---|---|---|---|---|"
row "bundled corpus" measures_gold.csv dev
row "bundled corpus" measures_gold.csv test
row "other genres" measures_gold_other.csv dev
row "other genres" measures_gold_other.csv test
row "second set" measures_gold_dev2.csv dev
row "third set" measures_gold_dev3.csv dev
row "third set" measures_gold_dev3.csv test
row "fourth set" measures_gold_dev4.csv dev
row "fourth set" measures_gold_dev4.csv check
row "fifth set" measures_gold_dev5.csv dev
row "sixth set" measures_gold_dev6.csv dev
row "Rothwell–Zegveld" rz_gold.csv dev --measures rothwell-zegveld
row "Rothwell–Zegveld" rz_gold.csv test --measures rothwell-zegveld
echo
echo "With \`--measure-model\` (splits the model was not trained on):"
echo
echo "| gold set | split | n | precision | recall | F1 | κ [95 % CI] |"
echo "|---|---|---|---|---|---|---|"
row "bundled corpus" measures_gold.csv test --measure-model
row "other genres" measures_gold_other.csv test --measure-model
row "third set" measures_gold_dev3.csv test --measure-model
row "fourth set" measures_gold_dev4.csv check --measure-model
echo
echo "Per type on the held-out splits, cues alone (F1; κ in brackets):"
echo
echo "| type | bundled test | other genres test | third set test | fourth set check |"
echo "|---|---|---|---|---|"
for t in organization regulation enforcement engineering economic information; do
  line="| $t"
  for fs in measures_gold.csv:test measures_gold_other.csv:test measures_gold_dev3.csv:test measures_gold_dev4.csv:check; do
    cell=$("$pm" validate "$fx/${fs%%:*}" --split "${fs#*:}" --csv | awk -F, -v t="$t" '$1=="type" && $2==t { printf "%.3f (%.3f)", 2*$4/(2*$4+$5+$6), $11 }')
    line="$line | $cell"
  done
  echo "$line |"
done
