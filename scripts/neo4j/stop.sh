#!/usr/bin/env bash
# Stops the local Neo4j server started by start.sh (a clean shutdown through Neo4j's launcher) and removes
# .neo4j/connection.env. Nothing running: nothing to do.
set -euo pipefail
source "$(dirname "$0")/common.sh"

if neo4j_pid >/dev/null; then
  neo4j_launcher org.neo4j.server.startup.Neo4jCommand stop >/dev/null
  echo "Neo4j stopped." >&2
fi
rm -f "$neo4j_env_file"
