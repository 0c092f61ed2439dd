# Sourced by scripts/test: makes sure the tools the tests drive are installed.
# unshare (util-linux): PID-1 scenarios in a new PID namespace; chromium + chromedriver: the
# dashboard's browser tests (Debian's packages; nothing is downloaded by the test tools).
need=()
command -v unshare >/dev/null 2>&1 || need+=(util-linux)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing test dependencies: ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "the tests need: ${need[*]} (install them, or run as root with apt-get available)" >&2
    exit 1
  fi
fi
