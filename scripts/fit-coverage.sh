#!/usr/bin/env bash
# fit-coverage.sh — the recovery study of `tiersim fit` (docs/data-format.md "Recovery"):
# N exports simulated by `tiersim run --export-orders` from tests/data/fit/truth.json, each
# with its own seed, fitted back; per parameter the share of 95% intervals holding the truth.
# Usage: scripts/fit-coverage.sh [N=200] [TIERSIM=build/tiersim]
set -euo pipefail
n=${1:-200}
bin=${2:-build/tiersim}
here=$(cd "$(dirname "$0")/.." && pwd)
truth=$here/tests/data/fit/truth.json
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for seed in $(seq 1 "$n"); do
    "$bin" run "$truth" --seed "$seed" --replications 1 --no-plots -q -f -o "$work/res" \
        --export-orders "$work/orders.csv" >/dev/null
    "$bin" fit "$work/orders.csv" -o "$work/fit$seed/scenario.json" --no-plots >/dev/null
done
python3 - "$work" "$n" <<'PY'
import json, sys
work, n = sys.argv[1], int(sys.argv[2])
w = [1.1, 1.05, 1, 1, 0.95, 0.9, 1]
truth = {
    "volume.daily_orders": 60 * sum(w) / 7, "volume.dispersion": 0.05, "volume.growth_per_day": 0.0,
    "order_value.median": 14, "order_value.sigma": 0.7, "fulfilment.stockout_prob": 0.01,
    "service.dispute_reply_prob": 0.9, "service.arbitration_prob": 0.3,
    "service.seller_responsible_prob": 0.5, "service.revision.contact_prob": 0.5,
    "buyers.feedback_prob": 0.4, "buyers.feedback_delay_mean": 5, "buyers.five_star_share": 0.85,
    "buyers.low_star_weights[0]": 0.45, "buyers.low_star_weights[1]": 0.2,
    "buyers.low_star_weights[2]": 0.35,
    "product.quality_defect_prob": 0.04, "product.description_mismatch_prob": 0.03,
    "service.slow_reply_prob": 0.08, "buyers.dispute.base": 0.004,
    "buyers.negative_feedback.base": 0.02, "buyers.low_dsr.description.base": 0.03,
    "buyers.low_dsr.shipping.base": 0.025,
}
for k in range(7):
    truth["volume.weekday_factors[%d]" % k] = w[k] / (sum(w) / 7)
lanes = {"near": (0.55, 8, 3, 0.006), "far": (0.45, 24, 7, 0.012)}
hits, seen = {}, {}
for s in range(1, n + 1):
    rep = json.load(open("%s/fit%d/fit.json" % (work, s)))
    sc = json.load(open("%s/fit%d/scenario.json" % (work, s)))
    t = dict(truth)
    for i, c in enumerate(sc["fulfilment"]["carriers"]):
        name = c["name"].split()[0]
        share, mean, sd, lost = lanes[name]
        for key, v in (("share", share), ("transit_mean", mean), ("transit_sd", sd), ("lost_prob", lost)):
            t["fulfilment.carriers[%d].%s" % (i, key)] = v
            t.setdefault("names", {})["fulfilment.carriers[%d].%s" % (i, key)] = "%s.%s" % (name, key)
    for p in rep["parameters"]:
        if p["path"] not in t or p["lo"] is None or p["hi"] is None:
            continue
        key = t.get("names", {}).get(p["path"], p["path"])
        seen[key] = seen.get(key, 0) + 1
        hits[key] = hits.get(key, 0) + (p["lo"] <= t[p["path"]] <= p["hi"])
print("| parameter | truth | intervals | holding the truth |")
print("|---|---|---|---|")
for key in seen:
    tv = truth.get(key)
    if tv is None:
        name, field = key.split(".")
        tv = lanes[name][("share", "transit_mean", "transit_sd", "lost_prob").index(field)]
    print("| `%s` | %.4g | %d | %.1f%% |" % (key, tv, seen[key], 100.0 * hits[key] / seen[key]))
PY
