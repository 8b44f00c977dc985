#!/usr/bin/env bash
# batch.sh — `tiersim batch` end to end (docs/cli.md "`tiersim batch`"): the result
# files and their shape; the count of shops per tier averages exactly to the sum
# of the shops' tier probabilities; a variant identical to the base changes
# nothing (paired); every bad row reported with row and column and nothing run;
# 10,000 rows with 3 bad ones report exactly those 3; the two charts, none with
# --no-plots; --precision and --report refused.
# Usage: batch.sh TIERSIM SOURCE_DIR
set -uo pipefail

tiersim=${1:?usage: batch.sh TIERSIM SOURCE_DIR}
src=${2:?usage: batch.sh TIERSIM SOURCE_DIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
checks=0
pass() { checks=$((checks + 1)); }

base=$src/scenarios/examples/shops-base.json
# a base with a second variant that sets what the base already has (a key no shop column sets):
# no change, and paired with each shop, no difference at all
sed 's/"variants": \[/"variants": [\n    {"name": "same", "set": {"fulfilment.handling_days": 2}},/' "$base" >"$tmp/base.json"
grep -q '"name": "same"' "$tmp/base.json" || fail "could not add the 'same' variant to $base"
# four shops: a quoted name with a comma, an empty cell (the base's value) in two columns
cp "$src/tests/data/batch/shops.csv" "$tmp/shops.csv"

# 1. a valid batch: files, rows, seeds
"$tiersim" batch "$tmp/shops.csv" --base "$tmp/base.json" --replications 40 --threads 2 -o "$tmp/out" -q ||
    fail "tiersim batch exited with $?"
for f in summary.json shops.csv tier_counts.csv; do [ -s "$tmp/out/$f" ] || fail "no $f"; done
evals=$(grep -c '^"beta, ltd",[0-9]*,base,' "$tmp/out/shops.csv")
[ "$evals" -ge 1 ] || fail "no base rows for the quoted shop name"
rows=$(($(wc -l <"$tmp/out/shops.csv") - 1))
[ "$rows" -eq $((4 * 3 * evals)) ] || fail "shops.csv has $rows rows, expected 4 shops x 3 variants x $evals days"
grep -q '"schema":	"tiersim-batch/1"' "$tmp/out/summary.json" || fail "summary.json lacks its schema"
pass

# the one quoted name, made plain so that awk can split the rows at commas
sed 's/^"beta, ltd",/beta_ltd,/' "$tmp/out/shops.csv" >"$tmp/plain.csv"

# 2. the mean count of shops in a tier is the sum of the shops' probabilities of it
awk -F, 'NR == FNR { if (FNR > 1 && $3 == "base") top[$4] += $10; next }
         FNR > 1 && $1 == "base" && $3 == "top" { d = $4 - top[$2]; if (d < -1e-9 || d > 1e-9) bad++; n++ }
         END { exit !(n > 0 && bad == 0) }' "$tmp/plain.csv" "$tmp/out/tier_counts.csv" ||
    fail "tier_counts.csv's mean top count is not the sum of the shops' P(top)"
pass

# 3. the variant equal to the base: every paired difference exactly 0
awk -F, 'FNR > 1 && $3 == "same" { n++; if ($16 != 0 || $19 != 0) bad++ }
         END { exit !(n > 0 && bad == 0) }' "$tmp/plain.csv" ||
    fail "a variant equal to the base shows a paired difference"
pass

# 4. bad rows: each reported with its row and column; nothing run, no folder
cat >"$tmp/bad.csv" <<'CSV'
name,volume.daily_orders,fulfilment.capacity_per_day,product.quality_defect_prob
ok,80,200,0.01
neg,-5,300,0.02
,150,300,0.02
ok,100,300,0.01
short,100
typo,100,abc,0.01
CSV
"$tiersim" batch "$tmp/bad.csv" --base "$base" -o "$tmp/bad" 2>"$tmp/bad.err"
[ $? -eq 2 ] || fail "a batch with bad rows did not exit 2"
for want in 'row 3 (shop "neg"), column 2 "volume.daily_orders": expected a number >= 0, found -5' \
            'row 4, column 1 "name": expected the shop'"'"'s name, found an empty cell' \
            'row 5, column 1 "name": shop "ok" is already row 2' \
            'row 6: expected 4 cells (as the header has), found 2' \
            'row 7 (shop "typo"), column 3 "fulfilment.capacity_per_day": expected an integer' \
            '5 of 6 shop rows have problems; nothing was run.'; do
    grep -qF "$want" "$tmp/bad.err" || { cat "$tmp/bad.err"; fail "missing: $want"; }
done
[ -e "$tmp/bad" ] && fail "a batch with bad rows made its output folder"
pass

# 5. 10,000 rows, 3 of them bad: exactly those 3 reported, nothing run
awk 'BEGIN { print "name,volume.daily_orders,fulfilment.capacity_per_day,product.quality_defect_prob";
             for (i = 0; i < 10000; i++) {
                 d = 20 + (i * 37) % 380; c = int(d * 1.5) + 10; q = 0.002 + (i % 29) / 1000;
                 if (i == 17) d = -3; if (i == 5000) q = 2; if (i == 9998) c = "lots";
                 printf "shop%05d,%s,%s,%s\n", i, d, c, q } }' >"$tmp/big.csv"
"$tiersim" batch "$tmp/big.csv" --base "$base" -o "$tmp/big" 2>"$tmp/big.err"
[ $? -eq 2 ] || fail "the 10,000-row batch with 3 bad rows did not exit 2"
[ "$(grep -c ': row [0-9]* (shop' "$tmp/big.err")" -eq 3 ] || { cat "$tmp/big.err"; fail "not exactly 3 rows reported"; }
for want in 'row 19 (shop "shop00017"), column 2' 'row 5002 (shop "shop05000"), column 4' \
            'row 10000 (shop "shop09998"), column 3' '3 of 10000 shop rows have problems; nothing was run.'; do
    grep -qF "$want" "$tmp/big.err" || { cat "$tmp/big.err"; fail "missing: $want"; }
done
[ -e "$tmp/big" ] && fail "the bad 10,000-row batch made its output folder"
pass

# 6. no --base, an unknown column, a forbidden one
"$tiersim" batch "$tmp/shops.csv" 2>"$tmp/nobase.err"
[ $? -eq 2 ] && grep -q -- '--base SCENARIO.json is required' "$tmp/nobase.err" || fail "no --base is not refused"
printf 'name,volume.daily_orderz\na,5\n' >"$tmp/typo.csv"
"$tiersim" batch "$tmp/typo.csv" --base "$base" -o "$tmp/t" 2>"$tmp/typo.err"
grep -qF 'row 2 (shop "a"), column 2 "volume.daily_orderz": unknown key; did you mean "daily_orders"?' "$tmp/typo.err" ||
    { cat "$tmp/typo.err"; fail "an unknown column's message"; }
pass

# 7. the charts: shops and tier_counts after the files (their data in plots/), none with --no-plots
for f in shops tier_counts; do
    [ -s "$tmp/out/plots/$f.gp" ] && [ -s "$tmp/out/plots/$f.dat" ] || fail "no plots/$f.gp and .dat"
    if command -v gnuplot >/dev/null; then
        [ -s "$tmp/out/plots/$f.png" ] && [ -s "$tmp/out/plots/$f.svg" ] || fail "plots/$f not rendered"
    fi
done
[ "$(grep -vc '^#' "$tmp/out/plots/shops.dat")" -eq 4 ] || fail "shops.dat does not hold one row per shop"
# without the quoted name: rank, then p low high per variant; ranked by the base's p, highest first,
# each p inside its interval
sed -e '/^#/d' -e 's/"[^"]*"//' "$tmp/out/plots/shops.dat" |
    awk 'NR > 1 && $2 > prev + 1e-9 { bad++ } { prev = $2; for (k = 2; k + 2 <= NF; k += 3) if ($k < $(k + 1) - 1e-9 || $k > $(k + 2) + 1e-9) bad++ }
         END { exit !(NR == 4 && bad == 0) }' || fail "shops.dat is not ranked by the base's P(best tier) with its intervals"
# the first row of tier_counts.dat (the best tier): the base's mean is tier_counts.csv's on the last day,
# inside its interval
last=$(tail -n 1 "$tmp/out/tier_counts.csv" | cut -d, -f2)
want=$(awk -F, -v d="$last" '$1 == "base" && $2 == d { print $4; exit }' "$tmp/out/tier_counts.csv")
sed -e '/^#/d' -e 's/"[^"]*"//' "$tmp/out/plots/tier_counts.dat" | head -n 1 |
    awk -v w="$want" '{ d = $2 - w; exit !(d > -1e-6 && d < 1e-6 && $3 <= $2 && $2 <= $4) }' ||
    fail "tier_counts.dat's best-tier bar is not tier_counts.csv's mean ($want) inside its interval"
"$tiersim" batch "$tmp/shops.csv" --base "$tmp/base.json" --replications 5 --no-plots -o "$tmp/np" -q ||
    fail "batch --no-plots exited with $?"
[ -e "$tmp/np/plots" ] && fail "batch --no-plots made plots"
pass

# 8. run options batch does not take: refused with a usage error before any work
for opt in "--precision 0.01" --report; do
    # shellcheck disable=SC2086 # the option and its value are two words
    "$tiersim" batch "$tmp/shops.csv" --base "$base" $opt -o "$tmp/refused" 2>"$tmp/refused.err"
    rc=$?
    [ $rc -eq 2 ] || fail "batch $opt exited with $rc, expected 2"
    grep -qF -- "${opt%% *} is not taken by batch" "$tmp/refused.err" || { cat "$tmp/refused.err"; fail "batch $opt: no clear message"; }
    [ -e "$tmp/refused" ] && fail "batch $opt made the output folder"
done
pass

echo "batch.sh: $checks passed, 0 failed"
