# Sourced by scripts/test: makes sure the tools the tests drive are installed.
# unshare (util-linux) runs PID-1 scenarios in a new PID namespace.
need=()
command -v unshare >/dev/null 2>&1 || need+=(util-linux)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing test dependencies: ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "the tests need: ${need[*]} (install them, or run as root with apt-get available)" >&2
    exit 1
  fi
fi
