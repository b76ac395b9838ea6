#!/usr/bin/env bash
# Obtains Neo4j Community from Maven Central: org.neo4j:neo4j (the Community edition: kernel, Cypher, Bolt, the
# server entry point org.neo4j.server.CommunityEntryPoint and its launcher) with its runtime dependencies, copied
# into .neo4j/home/lib. A second run with the same version does nothing; Maven's cache makes a fresh copy quick.
set -euo pipefail
source "$(dirname "$0")/common.sh"

marker="$neo4j_home/lib/.sway-neo4j-$neo4j_version"
if [ -f "$marker" ]; then
  exit 0
fi
command -v java >/dev/null || { echo "install.sh: java not found (Neo4j $neo4j_version needs Java 17 or 21)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "install.sh: mvn not found (Maven fetches Neo4j from Maven Central)" >&2; exit 1; }
java_major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')"
if [ "${java_major:-0}" -lt 17 ]; then
  echo "install.sh: Java $java_major found; Neo4j $neo4j_version needs Java 17 or 21" >&2
  exit 1
fi

echo "Fetching Neo4j Community $neo4j_version (org.neo4j:neo4j:$neo4j_version) through Maven..." >&2
mkdir -p "$neo4j_home"
rm -rf "$neo4j_home/lib.partial"
mvn -q -B -Dstyle.color=never -f "$root/scripts/neo4j/pom.xml" dependency:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$neo4j_home/lib.partial"
rm -rf "$neo4j_home/lib"
mv "$neo4j_home/lib.partial" "$neo4j_home/lib"
touch "$marker"
echo "Neo4j $neo4j_version installed in $neo4j_home ($(ls "$neo4j_home/lib" | wc -l) jars)." >&2
