# Sourced by scripts/test: makes sure the tools the tests drive are installed.
# unshare (util-linux): PID-1 scenarios in a new PID namespace; chromium + chromedriver: the
# dashboard's browser tests (Debian's packages; nothing is downloaded by the test tools); npm: the
# build packs axe-core, the accessibility checker those tests run, from the npm registry.
. scripts/apt-install.sh
need=()
command -v unshare >/dev/null 2>&1 || need+=(util-linux)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v npm >/dev/null 2>&1 || need+=(npm)
install_missing "${need[@]}"
