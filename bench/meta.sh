#!/usr/bin/env bash
# Meta engine benchmark: training throughput of the meta-networks on the pure-Java engine
# (io.robustatlas.meta.engine, MetaBench) against PyTorch doing the same work the study's way
# (bench/pytorch/train_meta.py: DataLoader with shuffle, zero_grad/backward/step), per body.
# Both sides train the study's shapes: the LeNet-5 vectors maxpool2/fc1/fc2/logits (256, 120, 84,
# 10 values), a dense ReLU encoder per vector to 128 units read as a 4-step sequence by the body
# (2 layers, 4 heads, transformer feed-forward 256; the mlp instead runs 2 dense ReLU layers of 128
# on the concatenated 470 values), one sigmoid output, MSE, Adam lr 1e-3, batch 64, on synthetic
# pairs (features N(0, 1), targets U(0, 1)). One JVM and one Python process per thread count,
# interleaved, so both see the same machine load; each figure is over 3 timed epochs after a
# warm-up epoch ('best' is the least disturbed epoch).
#
#   bench/meta.sh                           # threads 1 and 2, all six bodies, 8192 pairs
#   THREADS=2 BODIES=lstm,mlp bench/meta.sh
#   PAIRS=1024 bench/meta.sh                # a quick check
#
# Needs Debian's python3-torch (apt-get install -y python3-torch); runs /usr/bin/python3.
# GFLOP/s: 3 x 2 x the forward pass's multiply-adds per pair (MetaBench's FLOP lines), on the
# engine's pairs/s; % of peak is against MetaBench's CPU peak for that many cores.
# The last line is the engine's pairs/s over PyTorch's at 2 threads, batch 64, for the lstm and
# the least over the bodies both sides ran. Target: lstm >= 10, min over bodies >= 4.
set -euo pipefail
cd "$(dirname "$0")/.."

THREADS="${THREADS:-1 2}"
BODIES="${BODIES:-rnn,lstm,gru,attention,transformer,mlp}"
PAIRS="${PAIRS:-8192}"
source bench/setup.sh meta-bench
for t in $THREADS; do
  java "${JAVA_OPTIONS[@]}" -cp "$CLASSPATH_ARG" io.robustatlas.bench.MetaBench \
    --threads "$t" --bodies "$BODIES" --pairs "$PAIRS" --batch 64 \
    2> "$WORK/java-$t.err" | tee -a "$LOG"
  OMP_NUM_THREADS="$t" /usr/bin/python3 bench/pytorch/train_meta.py \
    --threads "$t" --bodies "$BODIES" --pairs "$PAIRS" --batch 64 | tee -a "$LOG"
done

# Summary from the lines FLOP <body> <FLOP per pair> and
# RESULT <side> <body> <threads> <batch> <pairs/s> <best pairs/s>.
peak=$(sed -n 's/.*peak \([0-9.]*\) GFLOP\/s per core.*/\1/p' "$LOG" | head -1)
kernels=$(sed -n 's/.*kernels \([a-z]*\),.*/\1/p' "$LOG" | head -1)
echo
echo "summary: training pairs/s over 3 epochs, batch 64 ('best' = least disturbed epoch); engine"
echo "kernels ${kernels}; GFLOP/s and %peak are the engine's, peak ${peak} GFLOP/s per core;"
echo "'ratio' = engine pairs/s over PyTorch's"
awk -v peak="$peak" '
  $1 == "FLOP" { flop[$2] = $3 }
  $1 == "RESULT" && $5 == 64 { all[$2, $3, $4] = $6; best[$2, $3, $4] = $7; seen[$3, $4] = 1 }
  function ratio(table, b, t) {
    if (!(("engine", b, t) in table && ("pytorch", b, t) in table)) return "-"
    return sprintf("%.2fx", table["engine", b, t] / table["pytorch", b, t])
  }
  function rate(table, s, b, t) {
    return ((s, b, t) in table) ? sprintf("%.0f", table[s, b, t]) : "-"
  }
  END {
    printf "%-11s %7s %10s %10s %10s %10s %8s %6s %7s %10s\n", "body", "threads", "engine/s",
      "eng best", "pytorch/s", "pt best", "GFLOP/s", "%peak", "ratio", "best ratio"
    for (k in seen) {
      split(k, bt, SUBSEP); b = bt[1]; t = bt[2]
      g = (("engine", b, t) in all) ? all["engine", b, t] * flop[b] / 1e9 : 0
      printf "%-11s %7s %10s %10s %10s %10s %8s %6s %7s %10s\n", b, t, rate(all, "engine", b, t),
        rate(best, "engine", b, t), rate(all, "pytorch", b, t), rate(best, "pytorch", b, t),
        g ? sprintf("%.1f", g) : "-", g ? sprintf("%.1f%%", 100 * g / (peak * t)) : "-",
        ratio(all, b, t), ratio(best, b, t)
    }
  }' "$LOG" | sort -k2,2n -k1,1
awk '$1 == "RESULT" && $4 == 2 && $5 == 64 { r[$2, $3] = $6; bodies[$3] = 1 }
  END {
    lstm = "n/a"
    if (("engine", "lstm") in r && ("pytorch", "lstm") in r)
      lstm = sprintf("%.2f", r["engine", "lstm"] / r["pytorch", "lstm"])
    for (b in bodies) if (("engine", b) in r && ("pytorch", b) in r) {
      x = r["engine", b] / r["pytorch", b]
      if (min == "" || x < min) min = x
    }
    printf "meta engine/pytorch throughput ratio at 2 threads, batch 64: "
    printf "lstm %s, min over bodies %s\n", lstm, min == "" ? "n/a" : sprintf("%.2f", min)
  }' "$LOG"
