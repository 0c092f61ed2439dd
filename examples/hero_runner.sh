#!/usr/bin/env bash
# hero_runner, step by step through the CLI (the same result as: hero-proc apply -f
# examples/hero_runner.yaml): define the two actions, with the UI requiring the server, register
# the service, start it. Starting it gives 1 run with 2 jobs.
#
#   examples/hero_runner.sh                             # against HERO_PROC_URL (default :9360)
#   HERO_PROC=hero-proc examples/hero_runner.sh         # with an installed binary
#   HERO_RUNNER_PORT=18700 examples/hero_runner.sh      # another port for the server
#
# HERO_PROC is the CLI command; by default the packaged jar of this checkout
# (./mvnw package -DskipTests, or scripts/run, builds it).
set -euo pipefail
cd "$(dirname "$0")/.."

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
read -r -a hero_proc <<< "${HERO_PROC:-$java --enable-native-access=ALL-UNNAMED -jar target/quarkus-app/quarkus-run.jar}"
port="${HERO_RUNNER_PORT:-18631}"

hp() {
  echo "+ hero-proc $*" >&2
  "${hero_proc[@]}" "$@"
}

# The server: a static page on a loopback port.
server_script=$(cat <<SCRIPT
dir="\${TMPDIR:-/tmp}/hero_runner"
mkdir -p "\$dir" && echo "hero_runner is up" > "\$dir/index.html"
echo "server: serving \$dir on http://127.0.0.1:$port/"
exec python3 -u -m http.server $port --bind 127.0.0.1 --directory "\$dir"
SCRIPT
)

# The UI: polls the server.
ui_script=$(cat <<SCRIPT
import time, urllib.request
while True:
    with urllib.request.urlopen("http://127.0.0.1:$port/", timeout=5) as answer:
        print(f"ui: server answered {answer.status}: {answer.read().decode().strip()}", flush=True)
    time.sleep(5)
SCRIPT
)

# Options set most fields; the health check (ready once the port accepts connections, probed
# every second) comes from a spec on stdin, which the options complete.
hp action set hero_runner_server -f /dev/stdin --kind process --interpreter bash \
  --stop-signal TERM --stop-grace 5s --script "$server_script" <<JSON
{"health": {"type": "tcp", "target": "127.0.0.1:$port", "interval": "1s", "timeout": "1s", "retries": 3}}
JSON

# --requires: the UI starts only once the server is ready (running and healthy).
hp action set hero_runner_ui --kind process --interpreter python3 \
  --requires hero_runner_server --script "$ui_script"

# Both actions in one supervision unit (the CLI reads the spec from a file; here stdin).
hp service set hero_runner -f /dev/stdin <<'JSON'
{"actions": ["hero_runner_server", "hero_runner_ui"], "wanted": "start",
 "restart": {"policy": "on-failure", "backoff": {"initial": "1s", "factor": 2, "max": "30s"}}}
JSON

hp service start hero_runner
