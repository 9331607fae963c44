# Shared by the benchmark scripts (sourced, from the checkout's root): the work folder ($WORK, a
# new /tmp/<name>.XXXXXX unless set) with an empty results log ($LOG), the bench sources built
# (unless SKIP_BUILD=1), and the JVM's classpath ($CLASSPATH_ARG) and options ($JAVA_OPTIONS,
# with the Vector API module).
# Usage: source bench/setup.sh <name>
WORK="${WORK:-$(mktemp -d "/tmp/$1.XXXXXX")}"
mkdir -p "$WORK"
LOG="$WORK/results.txt"
: > "$LOG"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  # test-compile (bench sources) also writes target/launcher/{classpath,java-options} (process-resources).
  mvn -o -q -B test-compile
fi
CLASSPATH_ARG="target/test-classes:target/classes:$(cat target/launcher/classpath)"
read -r -a JAVA_OPTIONS < target/launcher/java-options
if [[ " ${JAVA_OPTIONS[*]} " != *" jdk.incubator.vector "* ]]; then
  JAVA_OPTIONS+=(--add-modules jdk.incubator.vector)
fi
JAVA_OPTIONS+=(-Xmx4g -Dlog4j.configurationFile=conf/log4j2.properties)
echo "work folder: $WORK"
