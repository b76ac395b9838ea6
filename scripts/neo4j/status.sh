#!/usr/bin/env bash
# Exits 0 when the local Neo4j server started by start.sh is running and answers on its Bolt port, 1 otherwise.
set -euo pipefail
source "$(dirname "$0")/common.sh"

neo4j_pid >/dev/null || exit 1
[ -f "$neo4j_env_file" ] || exit 1
port="$(sed -n 's/^SWAY_NEO4J_URL=bolt:\/\/127.0.0.1:\([0-9]*\)$/\1/p' "$neo4j_env_file")"
[ -n "$port" ] && port_open "$port"
