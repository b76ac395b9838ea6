# Shared by install.sh, start.sh and stop.sh: where the local Neo4j lives and how to run its launcher.
# Everything stays under .neo4j/ at the repository root (git-ignored); the jars come from the Maven cache (~/.m2).
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
neo4j_dir="$root/.neo4j"
neo4j_home="$neo4j_dir/home"
neo4j_env_file="$neo4j_dir/connection.env"
neo4j_version="$(sed -n 's:.*<neo4j.version>\(.*\)</neo4j.version>.*:\1:p' "$root/scripts/neo4j/pom.xml")"

# Neo4j's own launcher (what the distribution's bin/neo4j and bin/neo4j-admin run), from the org.neo4j:neo4j jars.
neo4j_launcher() {
  NEO4J_HOME="$neo4j_home" NEO4J_CONF="$neo4j_home/conf" java -cp "$neo4j_home/lib/*" "$@"
}

neo4j_pid() {
  local pid_file="$neo4j_home/run/neo4j.pid"
  [ -f "$pid_file" ] || return 1
  local pid
  pid="$(cat "$pid_file")"
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
