#!/usr/bin/env bash
# Starts the local Neo4j Community server for tests, CI and benchmarks, and writes how to reach it to
# .neo4j/connection.env (SWAY_NEO4J_URL, SWAY_NEO4J_USER, SWAY_NEO4J_PASSWORD; `source` it or let the tests read it).
# Loopback only: Bolt on 127.0.0.1 at a free port, HTTP and HTTPS off. The password is generated on first use and
# kept in .neo4j/password. A server already running is reused, so a second run returns at once.
# Memory: SWAY_NEO4J_HEAP (default 1g) and SWAY_NEO4J_PAGECACHE (default 512m).
set -euo pipefail
source "$(dirname "$0")/common.sh"

# One start at a time (test files starting it at once): the second waits, then finds the server running.
mkdir -p "$neo4j_dir"
exec 9>"$neo4j_dir/start.lock"
flock 9

"$root/scripts/neo4j/install.sh"

if pid="$(neo4j_pid)" && [ -f "$neo4j_env_file" ]; then
  port="$(sed -n 's/^SWAY_NEO4J_URL=bolt:\/\/127.0.0.1:\([0-9]*\)$/\1/p' "$neo4j_env_file")"
  if [ -n "$port" ] && port_open "$port"; then
    echo "Neo4j already running (pid $pid) on bolt://127.0.0.1:$port" >&2
    exit 0
  fi
fi

password_file="$neo4j_dir/password"
if [ ! -s "$password_file" ]; then
  # A new password only takes effect on a database that was never started: start this scratch server afresh.
  rm -rf "$neo4j_home/data"
  umask 077
  head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$password_file"
  umask 022
  neo4j_launcher org.neo4j.server.startup.Neo4jAdminCommand dbms set-initial-password "$(cat "$password_file")" >/dev/null
fi
password="$(cat "$password_file")"

# A free loopback port: bind port 0 and read what the kernel chose.
port="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"

mkdir -p "$neo4j_home/conf" "$neo4j_home/logs"
cat > "$neo4j_home/conf/neo4j.conf" <<CONF
# Written by scripts/neo4j/start.sh; rewritten on every start.
server.default_listen_address=127.0.0.1
server.default_advertised_address=127.0.0.1
server.bolt.enabled=true
server.bolt.listen_address=127.0.0.1:$port
server.http.enabled=false
server.https.enabled=false
server.memory.heap.initial_size=${SWAY_NEO4J_HEAP:-1g}
server.memory.heap.max_size=${SWAY_NEO4J_HEAP:-1g}
server.memory.pagecache.size=${SWAY_NEO4J_PAGECACHE:-512m}
dbms.security.auth_enabled=true
dbms.usage_report.enabled=false
CONF

log="$neo4j_home/logs/neo4j.log"
log_start=$(( $( [ -f "$log" ] && wc -c < "$log" || echo 0 ) + 1 ))
neo4j_launcher org.neo4j.server.startup.Neo4jCommand start >/dev/null

deadline=$(( SECONDS + ${SWAY_NEO4J_START_TIMEOUT:-180} ))
until port_open "$port" && tail -c "+$log_start" "$log" 2>/dev/null | grep -q 'Started\.'; do
  if ! neo4j_pid >/dev/null; then
    echo "start.sh: Neo4j exited while starting; see $log" >&2
    tail -n 20 "$log" >&2 || true
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "start.sh: Neo4j did not answer on 127.0.0.1:$port in time; see $log" >&2
    exit 1
  fi
  sleep 0.5
done

umask 077
cat > "$neo4j_env_file.partial" <<ENV
SWAY_NEO4J_URL=bolt://127.0.0.1:$port
SWAY_NEO4J_USER=neo4j
SWAY_NEO4J_PASSWORD=$password
ENV
mv "$neo4j_env_file.partial" "$neo4j_env_file"
echo "Neo4j $neo4j_version running (pid $(neo4j_pid)) on bolt://127.0.0.1:$port; connection details in $neo4j_env_file" >&2
