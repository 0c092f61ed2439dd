# Sourced by the other scripts: points JAVA_HOME at a JDK 25 (hero-proc uses java.lang.foreign).
# Honours a JAVA_HOME that already is 25; otherwise looks beside the default JDK.
# The JDK's own release file answers without starting a JVM (the CLI launcher runs this per call).
java_major() {
  local v=""
  [ -r "$1/release" ] && v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")"
  if [ -z "$v" ]; then
    v="$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  fi
  echo "$v"
}

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME")" = "25" ]; then
  :
else
  JAVA_HOME=""
  for candidate in /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/javac" ] && [ "$(java_major "$candidate")" = "25" ]; then
      JAVA_HOME="$candidate"
      break
    fi
  done
  if [ -z "$JAVA_HOME" ]; then
    echo "hero-proc needs a JDK 25 and none was found under /usr/lib/jvm (set JAVA_HOME to one)." >&2
    exit 1
  fi
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
