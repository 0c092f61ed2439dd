# Sourced by the scripts: install_missing PACKAGE... installs Debian packages with apt-get when run
# as root, else names what is missing and exits.
install_missing() {
  [ $# -gt 0 ] || return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing: $*"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    echo "needed: $* (install them, or run as root with apt-get available)" >&2
    exit 1
  fi
}
