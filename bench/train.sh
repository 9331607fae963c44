#!/usr/bin/env bash
# Training benchmark (issue 11): one LeNet-5 trained with Adam on the bundled training images at
# batch sizes 32, 64, 128 and 256, by each Java training engine (TrainBench) and by PyTorch the
# study's way (bench/pytorch/train_lenet.py: DataLoader with shuffle, zero_grad/backward/step).
# One JVM and one Python process per thread count, interleaved, so both see the same machine load.
#
#   bench/train.sh                          # threads 1 and 2, engines vector, scalar and dl4j
#   THREADS="2" ENGINES=vector bench/train.sh
#   BATCHES=64 bench/train.sh
#   DL4J_IMAGES=2000 bench/train.sh         # DL4J is slow: it trains on fewer images (default 2000)
#
# Needs Debian's python3-torch (apt-get install -y python3-torch); runs /usr/bin/python3.
# Each figure is over 3 timed epochs after a warm-up epoch; 'best' is the least disturbed epoch.
# The last line is the vector engine's throughput over PyTorch's at 2 threads, batch 64.
set -euo pipefail
cd "$(dirname "$0")/.."

THREADS="${THREADS:-1 2}"
ENGINES="${ENGINES:-vector,scalar,dl4j}"
BATCHES="${BATCHES:-32,64,128,256}"
IMAGES="${IMAGES:-8000}"
DL4J_IMAGES="${DL4J_IMAGES:-2000}"
source bench/setup.sh train-bench
for t in $THREADS; do
  OMP_NUM_THREADS="$t" java "${JAVA_OPTIONS[@]}" -cp "$CLASSPATH_ARG" \
    io.robustatlas.bench.TrainBench --threads "$t" --engines "$ENGINES" --batches "$BATCHES" \
    --images "$IMAGES" --dl4j-images "$DL4J_IMAGES" 2> "$WORK/java-$t.err" | tee -a "$LOG"
  OMP_NUM_THREADS="$t" /usr/bin/python3 bench/pytorch/train_lenet.py \
    --threads "$t" --images "$IMAGES" --batches "$BATCHES" | tee -a "$LOG"
done

# Summary from the RESULT lines: RESULT <engine> <threads> <batch> <images/s> <best images/s>.
peak=$(sed -n 's/.*peak \([0-9.]*\) GFLOP\/s per core.*/\1/p' "$LOG" | head -1)
echo
echo "summary: training images/s over 3 epochs ('best' = least disturbed epoch); GFLOP/s at"
echo "3 x 563,280 FLOP per image; peak ${peak} GFLOP/s per core; 'vs pt' = over PyTorch's images/s"
awk -v peak="$peak" '
  $1 == "RESULT" { all[$2, $3, $4] = $5; best[$2, $3, $4] = $6; kinds[$2] = 1; seen[$3, $4] = 1 }
  function vs(table, e, t, b) {
    return (("pytorch", t, b) in table) ? sprintf("%.2fx", table[e, t, b] / table["pytorch", t, b]) : "-"
  }
  END {
    printf "%-8s %7s %6s %10s %10s %8s %6s %9s %9s\n", "engine", "threads", "batch", "images/s",
      "best/s", "GFLOP/s", "%peak", "vs pt", "best vs pt"
    for (e in kinds) for (k in seen) {
      split(k, tb, SUBSEP); t = tb[1]; b = tb[2]
      if ((e, t, b) in all) {
        g = all[e, t, b] * 3 * 563280 / 1e9
        printf "%-8s %7s %6s %10.0f %10.0f %8.1f %5.1f%% %9s %9s\n", e, t, b, all[e, t, b],
          best[e, t, b], g, 100 * g / (peak * t), vs(all, e, t, b), vs(best, e, t, b)
      }
    }
  }' "$LOG" | sort -k2,2n -k3,3n -k1,1
ratio=$(awk '$1 == "RESULT" && $3 == 2 && $4 == 64 { r[$2] = $5 }
  END { if (("vector" in r) && ("pytorch" in r)) printf "%.2f", r["vector"] / r["pytorch"] }' "$LOG")
echo "train engine/pytorch throughput ratio at 2 threads, batch 64: ${ratio:-n/a (no 2-thread batch-64 run)}"
