#!/usr/bin/env bash
# solve-check.sh — checks `tiersim solve` against a brute-force sweep (docs/decisions.md
# "Checking solve against a sweep"): solves for the smallest capacity of the default shop
# that reaches a tier goal, then runs every integer capacity from answer-K to answer+K with
# `tiersim run --sweep` at FACTOR x the replications solve used at its answer, on another
# seed (independent replications), and compares. The values start K below noise_low
# instead when solve says its answer is within noise.
#
# Usage: scripts/solve-check.sh [TIERSIM (default build/tiersim)]
# Environment (defaults in brackets):
#   SCENARIO [scenarios/default.json]  VARY [fulfilment.capacity_per_day]  WITHIN [150:600]
#   GOAL ["top on 2027-11-30 >= 0.9"]  (a tier goal: TIER [or better] on DATE >= or > P)
#   REPS [100] solve's first count (--replications); CAP [16 x REPS] its --max-replications
#   K [6] values each side of the answer; FACTOR [10]; SWEEP_SEED [2]; THREADS [2]
#   DIR [a new /tmp/tiersim-solve-check.XXXXXX] where both results go
#   REUSE [0] 1: keep DIR's solve and run only the values no DIR/sweep*/ holds at this seed
#   and count (on common random numbers several sweep folders are one sweep)
#
# The sweep at value v gives P(goal tier or better) = k/n with its Wilson 95% interval
# [low, high] (z = 1.959964, as solve). v's side is decided when the goal's level lies outside
# the open interval (low, high), as in solve. The sweep's base (the scenario's own value of
# VARY, always run) is one more row. The brute-force answer B is the smallest swept
# value decided to hold from which every larger swept value is decided to hold too.
# "Agrees" (PASS) means: solve's answer A equals B, or the sweep's interval at A contains the
# goal's level (A is a value the sweep itself cannot place on either side). When solve says
# "within noise", B or an undecided swept value must lie in [noise_low, noise_high].
# FAIL otherwise; exit 0 on PASS, 1 on FAIL, 2 when the sweep does not show a crossing
# (a value decided to fail below a value decided to hold: raise K).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/tiersim}
scenario=${SCENARIO:-scenarios/default.json}
vary=${VARY:-fulfilment.capacity_per_day}
within=${WITHIN:-150:600}
goal=${GOAL:-top on 2027-11-30 >= 0.9}
reps=${REPS:-100}
cap=${CAP:-$((16 * reps))}
k=${K:-6}
factor=${FACTOR:-10}
sweep_seed=${SWEEP_SEED:-2}
threads=${THREADS:-2}
dir=${DIR:-$(mktemp -d /tmp/tiersim-solve-check.XXXXXX)}
export TIERSIM_RULES=${TIERSIM_RULES:-$PWD/models/rules}

now() { date +%s.%N; }

echo "solve: $scenario --vary $vary --within $within --goal \"$goal\" --replications $reps" \
     "--max-replications $cap --threads $threads"
t0=$(now)
if [ "${REUSE:-0}" = 1 ] && [ -f "$dir/solve/solve.json" ]; then
    echo "solve: REUSE=1, the solve already in $dir/solve"
else
    "$bin" solve "$scenario" --vary "$vary" --within "$within" --goal "$goal" --replications "$reps" \
        --max-replications "$cap" --threads "$threads" --no-plots --quiet --force -o "$dir/solve"
fi
t1=$(now)
read -r answer answer_reps runs simulated status noisy from < <(python3 - "$dir/solve/solve.json" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
a = s["answer"]
reps = next((t["replications"] for t in s["tried"] if a is not None and t["value"] == a), 0)
# the sweep starts K below the answer, or below noise_low when solve is within noise
low = min(a, s["noise_low"]) if a is not None and s["within_noise"] else a
print(a if a is not None else "null", reps, s["runs"], s["replications_simulated"], s["status"],
      "true" if s["within_noise"] else "false", low if low is not None else "null")
EOF
)
echo "solve: status $status, answer $answer (within noise: $noisy), $runs runs," \
     "$simulated replications simulated, $answer_reps at the answer; wall $(python3 -c "print(f'{$t1-$t0:.1f}')") s"
if [ "$answer" = null ]; then
    echo "FAIL: solve found no answer; nothing to compare"
    exit 1
fi
answer=${answer%.0}
from=${from%.0}
n=$((factor * answer_reps))
lo=${within%%:*}
hi=${within##*:}
# REUSE=1: values already swept in $dir/sweep*/ (this seed and count) are not run again
done_values=" "
if [ "${REUSE:-0}" = 1 ]; then
    for f in "$dir"/sweep*/summary.json; do
        [ -f "$f" ] || continue
        done_values+=$(python3 - "$f" "$vary" "$n" "$sweep_seed" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
if s["replications"] == int(sys.argv[3]) and s["seed"] == int(sys.argv[4]):
    print(" ".join(v["name"].split("=", 1)[1] for v in s["variants"] if v["name"].startswith(sys.argv[2] + "=")))
EOF
)" "
    done
fi
values=""
for ((v = from - k; v <= answer + k; v++)); do
    if ((v >= lo && v <= hi)) && [[ "$done_values" != *" $v "* ]]; then values+="${values:+,}$v"; fi
done
if [ -n "$values" ]; then
    out="$dir/sweep"
    [ -e "$out" ] && out="$dir/sweep-$(date +%s)"
    echo "sweep: $vary=$values, $n replications each (${factor}x), seed $sweep_seed, --threads $threads"
    t2=$(now)
    "$bin" run "$scenario" --sweep "$vary=$values" --replications "$n" --seed "$sweep_seed" \
        --threads "$threads" --no-plots --quiet --force -o "$out"
    t3=$(now)
    echo "sweep: wall $(python3 -c "print(f'{$t3-$t2:.1f}')") s"
fi
python3 - "$dir" "$vary" "$goal" "$answer" "$noisy" "$n" "$sweep_seed" "$scenario" <<'EOF'
import csv, glob, json, math, os, re, sys
d, vary, goal, answer, noisy, n_want, seed_want, scenario = sys.argv[1:9]
answer = float(answer)
m = re.fullmatch(r"\s*(\S+)(\s+or better)?(?:\s+on\s+(\d{4}-\d\d-\d\d))?\s*(>=|>)\s*([0-9.]+)(%?)\s*", goal)
if not m:
    sys.exit("solve-check: GOAL must be 'TIER [or better] [on DATE] >= P' (or >)")
tier, _, date, op, level, pct = m.groups()
level = float(level) / (100.0 if pct else 1.0)
solve = json.load(open(f"{d}/solve/solve.json"))
date = date or solve["date"]
# sweep/ and any sweep-*/ of the same seed and count (CRN: together they are one sweep)
def same_run(f):
    s = json.load(open(os.path.join(os.path.dirname(f), "summary.json")))
    return s["replications"] == int(n_want) and s["seed"] == int(seed_want)
files = [f for f in sorted(glob.glob(f"{d}/sweep*/tiers.csv")) if same_run(f)]
rows = [dict(r, file=f) for f in files for r in csv.DictReader(open(f))]
order = []
for r in rows:  # the rulebook's tiers in file order, best first
    if r["tier"] not in order and r["tier"] not in ("not_assessed", "unclassified"):
        order.append(r["tier"])
better = order[: order.index(tier) + 1]
z = 1.959964
def wilson(k, n):
    p = k / n
    c = p + z * z / (2 * n)
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    den = 1 + z * z / n
    return (0.0 if k == 0 else (c - h) / den), (1.0 if k == n else (c + h) / den)
def scenario_value(doc, path):
    for part in path.split("."):
        m = re.fullmatch(r"([^\[]+)(?:\[(\d+)\])?", part)
        doc = doc.get(m.group(1)) if isinstance(doc, dict) else None
        if doc is not None and m.group(2) is not None:
            doc = doc[int(m.group(2))] if isinstance(doc, list) and int(m.group(2)) < len(doc) else None
    return float(doc) if isinstance(doc, (int, float)) and not isinstance(doc, bool) else None
base_value = scenario_value(json.load(open(scenario)), vary)
table, source = {}, {}
for r in rows:
    if r["date"] != date or not (r["variant"] == "base" or r["variant"].startswith(vary + "=")):
        continue
    if r["variant"] == "base":  # the sweep's base is a value too: the scenario's own
        if base_value is None:
            continue
        v = base_value
    else:
        v = float(r["variant"].split("=", 1)[1])
    if source.setdefault(v, r["file"]) != r["file"]:
        continue  # a value in two folders counts once
    k, n = table.get(v, (0, int(r["n"])))
    if r["tier"] in better:
        k += int(r["k"])
    table[v] = (k, n)
if not table:
    sys.exit(f"solve-check: no rows for {vary} on {date} in tiers.csv")
holds = lambda p: p >= level if op == ">=" else p > level
result = []
for v in sorted(table):
    k, n = table[v]
    p = k / n
    low, high = wilson(k, n)
    decided = not (low < level < high)
    side = ("holds" if holds(p) else "fails") if decided else "undecided"
    result.append((v, k, n, p, low, high, side))
B = None
for i, row in enumerate(result):
    if all(r[6] == "holds" for r in result[i:]):
        B = row[0]
        break
undecided = [r[0] for r in result if r[6] == "undecided"]
label = f"P({tier}{' or better' if len(better) > 1 else ''} on {date})"
print(f"\n| {vary} | k | n | {label} | 95% interval | side |")
print("|---|---|---|---|---|---|")
for v, k, n, p, low, high, side in result:
    mark = " **solve**" if v == answer else ""
    print(f"| {v:g}{mark} | {k} | {n} | {p:.4f} | [{low:.4f}, {high:.4f}] | {side} |")
crossing = any(r[6] == "fails" for r in result if B is not None and r[0] < B)
if B is None or not crossing:
    print(f"\nINCONCLUSIVE: the sweep does not show a decided crossing of {level:g} (raise K)")
    sys.exit(2)
print(f"\nbrute force: B = {B:g} (smallest value decided to hold, all above too); "
      f"undecided: {', '.join(f'{u:g}' for u in undecided) or 'none'}")
if noisy == "true":
    nl, nh = solve["noise_low"], solve["noise_high"]
    ok = nl <= B <= nh or any(nl <= u <= nh for u in undecided)
    why = f"solve within noise in [{nl:g}, {nh:g}]"
else:
    ok = answer == B or answer in undecided
    why = f"solve's answer {answer:g} " + ("= B" if answer == B else
          "is undecided at the sweep's replications" if answer in undecided else f"!= B = {B:g}")
print(("PASS" if ok else "FAIL") + f": {why}")
sys.exit(0 if ok else 1)
EOF
