#!/usr/bin/env bash
# mpi.sh — tiersim under Open MPI (docs/cluster.md): summary.json and every CSV
# byte-identical for mpirun -np 1, 2, 3 and a run without MPI, for `run` (with
# variants, with threads inside ranks, with --precision), `batch`, `sensitivity`
# and `solve`; a bad
# scenario reported once before any work; an error on some ranks reported once
# with those ranks; SIGINT stops every rank and leaves no result file (exit 130
# when the ranks are signalled, as srun does; mpirun itself exits 1 when it is
# signalled, Open MPI's own choice).
# Usage: mpi.sh TIERSIM SOURCE_DIR. Exit 77 (skipped, with a message) when MPI is
# absent: no mpirun, or a binary built without MPI.
set -uo pipefail

tiersim=${1:?usage: mpi.sh TIERSIM SOURCE_DIR}
src=$(cd "${2:?usage: mpi.sh TIERSIM SOURCE_DIR}" && pwd) # absolute: some ranks run in other folders
mpirun=${TS_MPIEXEC:-$(command -v mpirun || true)}
if [ -z "$mpirun" ] || [ ! -x "$mpirun" ]; then
    echo "SKIP: MPI is absent: no mpirun (apt-get install openmpi-bin libopenmpi-dev, then rebuild)"
    exit 77
fi
libs=$(ldd "$tiersim" 2>/dev/null)
if ! grep -q 'libmpi\.so' <<<"$libs"; then
    echo "SKIP: MPI is absent from this build: $tiersim does not link libmpi (cmake found no MPI, or -DTS_MPI=OFF)"
    exit 77
fi

# root in CI; no network interfaces needed on one machine
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none
# under the sanitizers: Open MPI's own one-time allocations, and nothing else, are not leaks of ours
# (tests/lsan-mpi.supp). Open MPI unloads its PMIx library at MPI_Finalize, after which
# LeakSanitizer cannot name its frames; preloading it keeps it (and its names) to the end.
if grep -q libasan <<<"$libs"; then
    export LSAN_OPTIONS="suppressions=$src/tests/lsan-mpi.supp:print_suppressions=0:fast_unwind_on_malloc=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
    pmix=$(ldconfig -p | awk '/libpmix\.so\.2 / { print $NF; exit }')
    if [ -n "$pmix" ]; then
        export LD_PRELOAD=$pmix${LD_PRELOAD:+:$LD_PRELOAD}
        export ASAN_OPTIONS="verify_asan_link_order=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
    fi
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
checks=0
pass() { checks=$((checks + 1)); }
mpi() { "$mpirun" --oversubscribe "$@"; }

# same DIR_A DIR_B: summary.json and every CSV byte-identical
same() {
    local f n=0
    for f in "$1"/summary.json "$1"/*.csv; do
        [ -f "$f" ] || continue
        cmp -s "$f" "$2/$(basename "$f")" || fail "$(basename "$f") differs between $1 and $2"
        n=$((n + 1))
    done
    [ "$n" -ge 2 ] || fail "no result files in $1"
    pass
}

scenario=$src/scenarios/carriers.json
args=(--seed 11 --replications 30 --no-plots --quiet --sweep fulfilment.capacity_per_day=250,600)

# 1. run: no MPI, then -np 1, 2, 3 (1 and 2 threads per rank)
"$tiersim" run "$scenario" "${args[@]}" --threads 2 -o "$tmp/run0" || fail "run without MPI exited with $?"
for np in 1 2 3; do
    for th in 1 2; do
        mpi -np $np "$tiersim" run "$scenario" "${args[@]}" --threads $th -o "$tmp/run$np-$th" ||
            fail "mpirun -np $np tiersim run --threads $th exited with $?"
        same "$tmp/run0" "$tmp/run$np-$th"
    done
done
grep -q '"processes": 3' "$tmp/run3-1/timing.json" || fail "timing.json of -np 3 does not say 3 processes"
pass

# 1b. a customer-service team and uncertain parameters: their reply results and draws are gathered too
cs=(--seed 2 --replications 12 --no-plots --quiet --threads 1)
for sc in customer-service examples/shop-lanes; do
    name=${sc##*/}
    "$tiersim" run "$src/scenarios/$sc.json" "${cs[@]}" -o "$tmp/$name-0" || fail "$sc without MPI"
    mpi -np 3 "$tiersim" run "$src/scenarios/$sc.json" "${cs[@]}" -o "$tmp/$name-3" || fail "$sc -np 3"
    same "$tmp/$name-0" "$tmp/$name-3"
done

# 2. --precision: batches gathered and judged on rank 0, the same count of replications
pargs=(--seed 5 --precision 0.02 --no-plots --quiet --threads 1)
"$tiersim" run "$src/scenarios/default.json" "${pargs[@]}" -o "$tmp/prec0" || fail "--precision without MPI"
mpi -np 3 "$tiersim" run "$src/scenarios/default.json" "${pargs[@]}" -o "$tmp/prec3" || fail "--precision -np 3"
same "$tmp/prec0" "$tmp/prec3"

# 3. a bad scenario: its message once, exit 2, before any work (no folder made)
bad=$src/tests/data/invalid/capacity-fraction.json
mpi -np 3 "$tiersim" run "$bad" -o "$tmp/bad" >"$tmp/bad.out" 2>"$tmp/bad.err"
rc=$?
[ $rc -eq 2 ] || fail "a bad scenario under mpirun exited with $rc, expected 2"
[ "$(grep -c 'capacity_per_day: expected an integer' "$tmp/bad.err")" -eq 1 ] ||
    { cat "$tmp/bad.err"; fail "the bad scenario's message is not printed exactly once"; }
grep -q '\[rank' "$tmp/bad.err" && fail "a message every rank gave names ranks"
[ -e "$tmp/bad" ] && fail "a bad scenario made the output folder"
pass

# 4. an error on ranks 1 and 2 only (their folder lacks the file): once, with those ranks
mkdir -p "$tmp/here" "$tmp/there"
cp "$src/scenarios/default.json" "$tmp/here/shop.json"
tiersim_abs=$(cd "$(dirname "$tiersim")" && pwd)/$(basename "$tiersim")
mpi -np 1 -wdir "$tmp/here" "$tiersim_abs" run shop.json -o "$tmp/rank" --no-plots : \
    -np 2 -wdir "$tmp/there" "$tiersim_abs" run shop.json -o "$tmp/rank" --no-plots 2>"$tmp/rank.err"
rc=$?
[ $rc -eq 2 ] || fail "an error on ranks 1-2 exited with $rc, expected 2"
[ "$(grep -c '^\[rank 1-2\] shop.json: cannot read the file' "$tmp/rank.err")" -eq 1 ] ||
    { cat "$tmp/rank.err"; fail "the error of ranks 1-2 is not printed once with its ranks"; }
[ -e "$tmp/rank" ] && fail "a failed check made the output folder"
pass

# 5. results already there, no --force: refused once
mpi -np 2 "$tiersim" run "$scenario" "${args[@]}" -o "$tmp/run0" 2>"$tmp/force.err"
[ $? -eq 2 ] || fail "overwriting without --force under mpirun did not exit 2"
[ "$(grep -c 'already holds results' "$tmp/force.err")" -eq 1 ] || fail "the --force refusal is not printed once"
pass

# 6. batch: no MPI, then -np 1, 2, 3; a bad row reported once
# four shops: a quoted name with a comma, an empty cell (the base's value) in two columns
cp "$src/tests/data/batch/shops.csv" "$tmp/shops.csv"
bargs=(--base "$src/scenarios/examples/shops-base.json" --replications 20 --seed 3 --quiet)
"$tiersim" batch "$tmp/shops.csv" "${bargs[@]}" --threads 2 -o "$tmp/batch0" || fail "batch without MPI exited with $?"
for np in 1 2 3; do
    mpi -np $np "$tiersim" batch "$tmp/shops.csv" "${bargs[@]}" --threads 1 -o "$tmp/batch$np" ||
        fail "mpirun -np $np tiersim batch exited with $?"
    same "$tmp/batch0" "$tmp/batch$np"
done
printf 'name,volume.daily_orders\nok,50\nneg,-5\n' >"$tmp/badshops.csv"
mpi -np 3 "$tiersim" batch "$tmp/badshops.csv" "${bargs[@]}" -o "$tmp/badbatch" 2>"$tmp/badbatch.err"
[ $? -eq 2 ] || fail "a bad batch row under mpirun did not exit 2"
[ "$(grep -c 'row 3 (shop "neg"), column 2' "$tmp/badbatch.err")" -eq 1 ] ||
    { cat "$tmp/badbatch.err"; fail "the bad batch row is not reported once"; }
pass

# 7. sensitivity and solve: no MPI, then -np 1, 2, 3; every rank takes the same search steps
# (a smaller shop keeps this short under the sanitizers; the solve scans, refines to the cap and
# bisects: 8 values, 9 runs)
sed 's/"daily_orders": 150/"daily_orders": 40/' "$src/scenarios/default.json" >"$tmp/mid.json"
grep -q '"daily_orders": 40' "$tmp/mid.json" || fail "could not make the mid-sized scenario"
# files DIR_A DIR_B NAME...: the named files byte-identical
files_same() {
    local a=$1 b=$2 f
    shift 2
    for f in "$@"; do
        [ -f "$a/$f" ] || fail "$a/$f was not written"
        cmp -s "$a/$f" "$b/$f" || fail "$f differs between $a and $b"
    done
    pass
}
sargs=(sensitivity "$tmp/mid.json" --params fulfilment.capacity_per_day,product.quality_defect_prob,buyers.feedback_prob
       --replications 12 --seed 4 --no-plots --quiet)
vargs=(solve "$tmp/mid.json" --vary fulfilment.capacity_per_day --within 20:120 --goal "bad_experience_rate mean < 0.085"
       --grid 4 --replications 8 --max-replications 32 --seed 4 --no-plots --quiet)
"$tiersim" "${sargs[@]}" --threads 2 -o "$tmp/sens0" || fail "sensitivity without MPI exited with $?"
"$tiersim" "${vargs[@]}" --threads 2 -o "$tmp/solve0" || fail "solve without MPI exited with $?"
for np in 1 2 3; do
    mpi -np $np "$tiersim" "${sargs[@]}" --threads 1 -o "$tmp/sens$np" ||
        fail "mpirun -np $np tiersim sensitivity exited with $?"
    files_same "$tmp/sens0" "$tmp/sens$np" sensitivity.json sensitivity.csv
    mpi -np $np "$tiersim" "${vargs[@]}" --threads 1 -o "$tmp/solve$np" ||
        fail "mpirun -np $np tiersim solve exited with $?"
    files_same "$tmp/solve0" "$tmp/solve$np" solve.json solve.csv scenario.json
done
# a goal that does not parse: once, exit 2, before any work
mpi -np 3 "$tiersim" solve "$tmp/mid.json" --vary fulfilment.capacity_per_day --within 20:80 --goal "top >= lots" \
    -o "$tmp/badgoal" 2>"$tmp/badgoal.err"
rc=$?
[ $rc -eq 2 ] || fail "a bad goal under mpirun exited with $rc, expected 2"
[ "$(grep -c 'expected a number after the operator' "$tmp/badgoal.err")" -eq 1 ] ||
    { cat "$tmp/badgoal.err"; fail "the bad goal's message is not printed exactly once"; }
[ -e "$tmp/badgoal" ] && fail "a bad goal made the output folder"
mpi -np 2 "$tiersim" sensitivity "$tmp/mid.json" --params volume.nothing -o "$tmp/badsens" 2>"$tmp/badsens.err"
[ $? -eq 2 ] || fail "a bad --params under mpirun did not exit 2"
[ "$(grep -c 'volume.nothing' "$tmp/badsens.err")" -eq 1 ] ||
    { cat "$tmp/badsens.err"; fail "the bad --params message is not printed exactly once"; }
pass

# 8. SIGINT: to the ranks (as srun forwards it), then to mpirun (as Ctrl-C does); and to the
# ranks of a sensitivity study. A small shop: a replication takes milliseconds, so the ranks
# stop well within the seconds mpirun gives them between its SIGTERM and its SIGKILL, even
# under the sanitizers
sed 's/"daily_orders": 150/"daily_orders": 5/' "$src/scenarios/default.json" >"$tmp/small.json"
grep -q '"daily_orders": 5' "$tmp/small.json" || fail "could not make the small scenario"
# interrupt TARGET OUT COMMAND...: start COMMAND under mpirun -np 2, signal TARGET (ranks, mpirun)
interrupt() {
    local target=$1 out=$2 rc child mask caught pid
    shift 2
    "$mpirun" --oversubscribe -np 2 "$tiersim" "$@" -o "$out" 2>"$tmp/int.err" &
    pid=$!
    # until both ranks have started and catch SIGINT and SIGTERM (bits 2 and 15 of SigCgt)
    for _ in $(seq 300); do
        caught=0
        for child in $(pgrep -P $pid); do
            mask=$(sed -n 's/^SigCgt:[[:space:]]*//p' /proc/$child/status 2>/dev/null)
            [ -n "$mask" ] && (( (16#$mask & 16#4002) == 16#4002 )) && caught=$((caught + 1))
        done
        [ $caught -ge 2 ] && break
        sleep 0.1
    done
    [ $caught -ge 2 ] || fail "the ranks did not start catching signals in 30 s"
    sleep 0.5
    if [ $target = ranks ]; then
        for child in $(pgrep -P $pid); do kill -INT "$child"; done
    else
        kill -INT $pid
    fi
    wait $pid
    rc=$?
    if [ $target = ranks ]; then
        [ $rc -eq 130 ] || { cat "$tmp/int.err"; fail "SIGINT to the ranks of $1: exit $rc, expected 130"; }
    else
        [ $rc -ne 0 ] || fail "SIGINT to mpirun: exit 0"
    fi
    [ "$(grep -c 'interrupted; no results written' "$tmp/int.err")" -eq 1 ] ||
        { cat "$tmp/int.err"; fail "SIGINT to the $target of $1: not one 'interrupted' message"; }
    [ -z "$(ls -A "$out" 2>/dev/null)" ] || fail "SIGINT to the $target of $1 left files in $out: $(ls -A "$out")"
    pass
}
long=(run "$tmp/small.json" --replications 100000 --threads 1 --no-plots --quiet)
interrupt ranks "$tmp/int-ranks" "${long[@]}"
interrupt mpirun "$tmp/int-mpirun" "${long[@]}"
interrupt ranks "$tmp/int-sens" sensitivity "$tmp/small.json" --params fulfilment.capacity_per_day \
    --replications 3000 --threads 1 --no-plots --quiet

echo "mpi.sh: $checks passed, 0 failed"
