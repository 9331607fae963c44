#!/usr/bin/env bash
# Robustness Atlas: the one entry point. Runs pipeline stages as Spark applications, one
# spark-submit per stage with that stage's resources from jobs/<stage>.properties.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
all_stages=(train robustness ensemble meta explain report)
# Stages that run only when the config enables them, if no stage is named or with --if-enabled.
optional_stages=(ensemble explain)
main_class=io.robustatlas.cli.Main

usage() {
  cat <<EOF
Usage: ./submit.sh [STAGE ...] [--conf FILE] [--set KEY=VALUE ...] [--out DIR] [--master URL]
                   [--force] [--lock-token T] [-- SPARK-SUBMIT-ARGS]

Stages (default: all, in order): ${all_stages[*]}
  train        train every LeNet-5 of the grid -> DIR/models/, DIR/models.parquet
  robustness   confidence ratios under noise for kept models -> DIR/pairs.parquet
  ensemble     kept models vs ensembles of their weight-noise copies -> DIR/ensemble.parquet
               (in the default list only when the config sets ensemble.in-default-run = true)
  meta         meta-networks and baselines on the pairs -> DIR/meta/ (prints the comparison)
  explain      kernel spectra, channel ablation, relevance maps of the probed pairs
               -> DIR/explain-kernels.parquet/, DIR/explain-pairs.parquet/
               (in the default list only when the config sets explain.in-default-run = true)
  report       one HTML page of charts and tables over whatever DIR holds -> DIR/report/index.html

Options:
  --conf FILE      HOCON config (default: conf/default.conf)
  --set KEY=VALUE  override a config key, repeatable, e.g. --set 'grid.seed=[0,1]'
  --out DIR        output folder, local or any Hadoop URI (default: runs/default)
  --master URL     Spark master (default: local[*]); e.g. spark://host:7077, yarn, k8s://...
  --force          reuse an --out made with a different config or data (its finished work is
                   kept), or take over the lock a dead run left in it
  --if-enabled     run optional stages only if the config enables them, as a run without a
                   stage list does (for schedulers that run one stage per task)
  --lock-token T   the run's lock token (default: new per run); a scheduler's retry passes the
                   same token as its killed attempt and takes over the lock that attempt left
  --               everything after it goes to spark-submit (e.g. --deploy-mode, --conf k=v)
  -h, --help       this help

With SPARK_HOME set, \$SPARK_HOME/bin/spark-submit runs the stages with the cluster jar;
without it, Spark's own SparkSubmit runs on the Maven-resolved classpath (no Spark download).
The jar is built with Maven when missing or older than the sources.
Exit codes: 0 ok, 1 some items failed (listed), 2 bad input (one line says what and where).
Engine benchmark against PyTorch: bench/run.sh (README, Performance).
EOF
}

die() {
  echo "submit.sh: $*" >&2
  exit 2
}

stages=()
conf="$here/conf/default.conf"
stage_args=()
out="runs/default"
master="local[*]"
spark_args=()
lock_token=""
if_enabled=0
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --conf) [ $# -ge 2 ] || die "--conf needs a FILE"; conf="$2"; shift 2 ;;
    --set) [ $# -ge 2 ] || die "--set needs KEY=VALUE"; stage_args+=(--set "$2"); shift 2 ;;
    --out) [ $# -ge 2 ] || die "--out needs a DIR"; out="$2"; shift 2 ;;
    --master) [ $# -ge 2 ] || die "--master needs a URL"; master="$2"; shift 2 ;;
    --force) stage_args+=(--force); shift ;;
    --lock-token) [ $# -ge 2 ] || die "--lock-token needs a TOKEN"; lock_token="$2"; shift 2 ;;
    --if-enabled) if_enabled=1; shift ;;
    --) shift; spark_args=("$@"); break ;;
    -*) usage >&2; die "unknown option $1" ;;
    *)
      known=0
      for s in "${all_stages[@]}"; do [ "$1" = "$s" ] && known=1; done
      [ "$known" = 1 ] || die "unknown stage '$1' (stages: ${all_stages[*]})"
      stages+=("$1"); shift ;;
  esac
done
# With no stage named (or with --if-enabled), optional stages run only if the config asks for them.
[ ${#stages[@]} -gt 0 ] || { stages=("${all_stages[@]}"); if_enabled=1; }

# Local paths become absolute, so the stages see the same files whatever their working directory.
absolute() {
  case "$1" in
    *://* | /*) printf '%s' "$1" ;;
    *) printf '%s/%s' "$PWD" "$1" ;;
  esac
}
conf="$(absolute "$conf")"
out="$(absolute "$out")"
[ -f "$conf" ] || die "config file $conf does not exist"

# The built jars, or nothing before the first build (a glob that matches nothing stays literal).
first_file() { [ -f "$1" ] && printf '%s' "$1" || true; }
thin_jar() { first_file "$(printf '%s\n' "$here"/target/robustness-atlas-*.jar | grep -v -- '-cluster\.jar$' | head -n 1)"; }
cluster_jar() { first_file "$(printf '%s\n' "$here"/target/robustness-atlas-*-cluster.jar | head -n 1)"; }

build_if_needed() {
  local jar
  jar="$(cluster_jar)"
  if [ -n "$jar" ] && [ -f "$here/target/launcher/classpath" ] &&
    [ -z "$(find "$here/src/main" "$here/pom.xml" -newer "$jar" -print -quit)" ]; then
    return
  fi
  echo "==> building the jar (mvn package)" >&2
  local log
  log="$(mktemp)"
  if ! (cd "$here" && mvn -B -DskipTests package) > "$log" 2>&1; then
    tail -n 40 "$log" >&2
    die "the Maven build failed (full log: $log)"
  fi
  rm -f "$log"
}

# A key's value from a Spark properties file (key=value or key value), or a default.
property() {
  local value
  value="$(sed -n -E "s/^[[:space:]]*$1[[:space:]]*[=[:space:]][[:space:]]*(.*[^[:space:]])[[:space:]]*$/\1/p" "$2" | tail -n 1)"
  printf '%s' "${value:-$3}"
}

# run_stage STAGE [EXTRA-STAGE-ARGS...]
run_stage() {
  local stage="$1" props="$here/jobs/$1.properties" app_jar cmd
  shift
  local log_conf="-Dlog4j.configurationFile=$here/conf/log4j2.properties"
  [ -f "$props" ] || die "no Spark properties file $props for stage $stage"
  case "$master" in
    local*) export SPARK_LOCAL_IP=127.0.0.1 app_jar="$(thin_jar)" ;;
    *) app_jar="$(cluster_jar)" ;;
  esac
  # Threads of the driver's ND4J (local mode runs tasks in the driver JVM).
  export OMP_NUM_THREADS="$(property spark.executorEnv.OMP_NUM_THREADS "$props" 1)"
  if [ -n "${SPARK_HOME:-}" ]; then
    cmd=("$SPARK_HOME/bin/spark-submit" --master "$master" --properties-file "$props"
      --class "$main_class" --driver-java-options "$log_conf")
    app_jar="$(cluster_jar)"
  else
    local java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java" java_opts
    read -r -a java_opts < "$here/target/launcher/java-options"
    cmd=("$java_bin" "${java_opts[@]}" "-Xmx$(property spark.driver.memory "$props" 2g)" "$log_conf"
      -cp "$(thin_jar):$(cat "$here/target/launcher/classpath")"
      org.apache.spark.deploy.SparkSubmit --master "$master" --properties-file "$props"
      --class "$main_class")
  fi
  cmd+=(${spark_args[@]+"${spark_args[@]}"} "$app_jar" "$stage" --conf "$conf" --out "$out"
    ${stage_args[@]+"${stage_args[@]}"} "$@")
  case " ${optional_stages[*]} " in
    *" $stage "*) [ "$if_enabled" = 0 ] || cmd+=(--if-enabled) ;;
  esac
  echo "==> $stage: ${cmd[0]##*/} ... --master $master --properties-file jobs/$stage.properties $stage --conf $conf --out $out ${stage_args[*]+${stage_args[*]}}" >&2
  "${cmd[@]}"
}

build_if_needed
# One lock on the output folder for the whole run: every stage gets this run's token and accepts a
# lock holding it as its own; all but the last keep it when they succeed (see README, Operations).
[ -n "$lock_token" ] || lock_token="submit-$(hostname)-$$-$(date +%s%N)"
outputs=(manifest.json)
for i in "${!stages[@]}"; do
  stage="${stages[$i]}"
  lock_args=(--lock-token "$lock_token")
  [ "$i" -lt $((${#stages[@]} - 1)) ] && lock_args+=(--keep-lock)
  run_stage "$stage" "${lock_args[@]}"
  case "$stage" in
    train) outputs+=(models.parquet models/) ;;
    robustness) outputs+=(pairs.parquet/ pair-counts.parquet/ ablation.parquet) ;;
    ensemble) [ "$if_enabled" = 1 ] || outputs+=(ensemble.parquet) ;;
    meta) outputs+=(meta/) ;;
    explain) [ "$if_enabled" = 1 ] || outputs+=(explain-kernels.parquet/ explain-pairs.parquet/) ;;
    report) outputs+=(report/index.html) ;;
  esac
done
# The report, when this run wrote one, is the last thing said: the page to open.
case " ${stages[*]} " in
  *" report "*) echo "==> done: outputs in $out: ${outputs[*]}; report: $out/report/index.html" >&2 ;;
  *) echo "==> done: outputs in $out: ${outputs[*]}" >&2 ;;
esac
