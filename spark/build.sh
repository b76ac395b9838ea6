#!/usr/bin/env bash
# Builds the Spark application: spark/target/sway-spark.jar and spark/target/classpath.txt (the full classpath for
# local runs without spark-submit). Maven's repository (~/.m2) is reused: after the first fetch of Spark and Scala the
# build works offline, which is tried first. Quiet unless something fails.
set -euo pipefail
cd "$(dirname "$0")"
command -v java >/dev/null || { echo "spark/build.sh: java not found (the Spark application needs Java 17)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "spark/build.sh: mvn not found (Maven builds the Spark application)" >&2; exit 1; }
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! mvn -q -B -o -Dstyle.color=never package -DskipTests >"$log" 2>&1; then
  # Offline failed: most likely a first build that still has to fetch Spark, Scala and the plugins.
  if ! mvn -q -B -Dstyle.color=never package -DskipTests >"$log" 2>&1; then
    cat "$log" >&2
    echo "spark/build.sh: the Maven build failed" >&2
    exit 1
  fi
fi
echo "Built $(pwd)/target/sway-spark.jar ($(tr ':' '\n' < target/classpath.txt | wc -l) jars on its local classpath)."
