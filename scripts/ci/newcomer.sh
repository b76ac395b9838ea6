#!/usr/bin/env bash
# What a newcomer does in their first minutes, checked as CI checks it: a fresh clone of this commit, `npm install`,
# `npm start -- --port <free> --data <tmp>`, the sign-in link it prints opened in Debian's Chromium, and the graph drawn
# with no page error and no console error. The screenshot is kept in test-artifacts/newcomer.png. It leaves no process
# behind: the server runs in a process group of its own, which is stopped on exit.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/sway-newcomer-XXXXXX")"
server=""

cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -TERM -- "-$server" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "newcomer: cloning $(git -C "$root" rev-parse --short HEAD) into $work"
git clone --quiet "$root" "$work/sway"
git -C "$work/sway" checkout --quiet --detach "$(git -C "$root" rev-parse HEAD)"
cd "$work/sway"

# Where prebuilt native modules cannot be downloaded (better-sqlite3), node-gyp builds them against the local headers.
if [ -d /usr/include/node ]; then export npm_config_nodedir=/usr; fi
echo "newcomer: npm install"
npm install --no-audit --no-fund --loglevel=error

port="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
echo "newcomer: npm start -- --port $port --data $work/data"
setsid npm start -- --port "$port" --data "$work/data" > "$work/start.log" 2>&1 < /dev/null &
server=$!

mkdir -p "$root/test-artifacts"
node scripts/ci/newcomer.mjs "$work/start.log" "$root/test-artifacts/newcomer.png"
