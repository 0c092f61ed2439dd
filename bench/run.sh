#!/usr/bin/env bash
# hero-proc benchmark harness: bench/run.sh [scenario ...] [--quick]
#   scenarios: 1|startup 2|rss 3|crash 4|start-many 5|bulk-status 6|logs 7|idle-cpu 8|log-query 9|cli (default: all)
#   --quick   tiny sizes (CI smoke run, < 3 minutes once built); exit status 1 if a scenario failed.
# Installs the peers (supervisor, s6) from Debian when missing, builds hero-proc in a private copy
# of the repo (HERO_BENCH_BUILD_DIR, default /tmp/hp-bench; set HERO_BENCH_JAR to skip the build),
# runs every scenario on hero-proc and its peers alternately and prints a markdown table.
# Environment: HERO_BENCH_WORK (scratch dir, default a fresh mktemp dir), HERO_BENCH_JSON (write raw
# results there), HERO_BENCH_LOGS (copy every hero-proc instance's own log there).
# HERO_BENCH_SIZES="many=200,many_reps=1" overrides single sizes of the chosen mode.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"

quick=()
scenarios=()
for arg in "$@"; do
  case "$arg" in
    --quick) quick=(--quick) ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) scenarios+=("$arg") ;;
  esac
done

# ---- peers -----------------------------------------------------------------------------------
missing=()
command -v supervisord >/dev/null || missing+=(supervisor)
command -v s6-svscan >/dev/null || missing+=(s6)
if [ ${#missing[@]} -gt 0 ]; then
  echo "[bench] installing ${missing[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
for tool in supervisord supervisorctl s6-svscan s6-svscanctl python3; do
  command -v "$tool" >/dev/null || { echo "[bench] $tool is missing" >&2; exit 1; }
done

# ---- hero-proc -------------------------------------------------------------------------------
. "$repo/scripts/java25.sh"
if [ -n "${HERO_BENCH_JAR:-}" ]; then
  jar="$HERO_BENCH_JAR"
else
  # Others run Maven in the repo concurrently: build in a private copy (target/ kept between runs).
  build="${HERO_BENCH_BUILD_DIR:-/tmp/hp-bench}"
  mkdir -p "$build"
  rm -rf "$build/src" "$build/scripts" "$build/.mvn"
  (cd "$repo" && tar -c --exclude=./target --exclude=./data --exclude=./bench --exclude=./.git .) | tar -x -C "$build"
  jar="$build/target/quarkus-app/quarkus-run.jar"
  if [ ! -f "$jar" ] || [ -n "$(cd "$build" && find src pom.xml -newer "$jar" -print -quit)" ]; then
    echo "[bench] building hero-proc in $build" >&2
    (cd "$build" && ./mvnw -B -q package -DskipTests)
    touch "$jar"
  fi
fi
[ -f "$jar" ] || { echo "[bench] no jar at $jar" >&2; exit 1; }

# ---- run -------------------------------------------------------------------------------------
work="${HERO_BENCH_WORK:-$(mktemp -d /tmp/hp-bench-work.XXXXXX)}"
export PYTHONDONTWRITEBYTECODE=1
export HERO_BENCH_TAG="hero-bench-$$-$(date +%s%N)"
driver=""
cleanup() {
  if [ -n "$driver" ] && kill -0 "$driver" 2>/dev/null; then
    kill -TERM "$driver" 2>/dev/null || true
    sleep 1
    kill -KILL "$driver" 2>/dev/null || true
  fi
  # Everything started for this run (supervisors and supervised children) carries the tag.
  # Repeat until a pass finds nothing: a supervisor alive during a pass restarts what it lost.
  local pass found
  for pass in 1 2 3 4 5 6 7 8 9 10; do
    found=0
    for env in /proc/[0-9]*/environ; do
      pid="${env#/proc/}"; pid="${pid%/environ}"
      [ "$pid" = "$$" ] && continue
      if { tr "\\0" "\\n" <"$env"; } 2>/dev/null | grep -qx "HERO_BENCH_TAG=$HERO_BENCH_TAG"; then
        kill -KILL "$pid" 2>/dev/null && found=1
      fi
    done
    [ "$found" = 0 ] && break
    sleep 0.2
  done
  if [ -z "${HERO_BENCH_WORK:-}" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

json=()
[ -n "${HERO_BENCH_JSON:-}" ] && json=(--json "$HERO_BENCH_JSON")
python3 "$here/lib/bench.py" --java "$JAVA_HOME/bin/java" --jar "$jar" --work "$work" \
  "${quick[@]}" "${json[@]}" "${scenarios[@]}" &
driver=$!
wait "$driver"
