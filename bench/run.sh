#!/usr/bin/env bash
# Engine benchmark (issue 5): the robustness stage's inner loop (PAIRS pairs x 1,000 noisy copies,
# one batch per pair) through each Java engine and through PyTorch, at the same thread counts.
# One JVM and one Python process per thread count, interleaved, so both see the same machine load.
#
#   bench/run.sh                   # threads 1 and 2, 200 pairs (DL4J: 20 pairs, it is slow)
#   THREADS="2" PAIRS=50 bench/run.sh
#   WORK=/tmp/bench bench/run.sh   # reuse the trained model of an earlier run
#   ENGINES=vector THREADS=2 bench/run.sh   # Java engines to run (default vector,scalar,dl4j)
#
# Needs Debian's python3-torch (apt-get install -y python3-torch); runs /usr/bin/python3.
# Each engine is timed in 5 rounds; on a shared machine the best round is the least disturbed one.
# The last line is the vector engine's throughput over PyTorch's at 2 threads, over all pairs.
set -euo pipefail
cd "$(dirname "$0")/.."

THREADS="${THREADS:-1 2}"
PAIRS="${PAIRS:-200}"
DL4J_PAIRS="${DL4J_PAIRS:-20}"
ENGINES="${ENGINES:-vector,scalar,dl4j}"
source bench/setup.sh engine-bench
for t in $THREADS; do
  OMP_NUM_THREADS="$t" java "${JAVA_OPTIONS[@]}" -cp "$CLASSPATH_ARG" \
    io.robustatlas.bench.EngineBench --dir "$WORK" --threads "$t" \
    --engines "$ENGINES" --pairs "$PAIRS" --dl4j-pairs "$DL4J_PAIRS" \
    2> "$WORK/java-$t.err" | tee -a "$LOG"
  OMP_NUM_THREADS="$t" /usr/bin/python3 bench/pytorch/bench_lenet.py \
    --dir "$WORK" --threads "$t" --pairs "$PAIRS" | tee -a "$LOG"
done

# Summary from the RESULT lines: RESULT <engine> <threads> <images/s> <best round> <ms/pair>.
peak=$(sed -n 's/.*peak \([0-9.]*\) GFLOP\/s per core.*/\1/p' "$LOG" | head -1)
echo
echo "summary: images/s over the whole pair loop (noise, forward, counting) on both sides; 'best' ="
echo "best of 5 rounds (least disturbed by other load), 'all' = all pairs; peak ${peak} GFLOP/s per core"
awk -v peak="$peak" '
  $1 == "RESULT" { all[$2, $3] = $4; best[$2, $3] = $5; pair[$2, $3] = $6; seen[$3] = 1; kinds[$2] = 1 }
  function vs(table, e, t) {
    return (("pytorch", t) in table) ? sprintf("%.2fx", table[e, t] / table["pytorch", t]) : "-"
  }
  END {
    printf "%-8s %7s %10s %10s %8s %6s %8s %9s %9s\n", "engine", "threads", "all/s", "best/s",
      "GFLOP/s", "%peak", "ms/pair", "all vs pt", "best vs pt"
    for (e in kinds) for (t in seen) if ((e, t) in all) {
      g = all[e, t] * 563280 / 1e9
      printf "%-8s %7s %10.0f %10.0f %8.1f %5.1f%% %8.2f %9s %9s\n", e, t, all[e, t], best[e, t],
        g, 100 * g / (peak * t), pair[e, t], vs(all, e, t), vs(best, e, t)
    }
  }' "$LOG" | sort -k2,2n -k1,1
best=$(awk '$1 == "RESULT" && $3 == 2 { r[$2] = $5 }
  END { if (("vector" in r) && ("pytorch" in r)) printf "%.2f", r["vector"] / r["pytorch"] }' "$LOG")
echo "vector/pytorch, best rounds, at 2 threads: ${best:-n/a}"
ratio=$(awk '$1 == "RESULT" && $3 == 2 { r[$2] = $4 }
  END { if (("vector" in r) && ("pytorch" in r)) printf "%.2f", r["vector"] / r["pytorch"] }' "$LOG")
echo "engine/pytorch throughput ratio at 2 threads (all pairs): ${ratio:-n/a (no 2-thread run)}"
