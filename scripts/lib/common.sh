#!/usr/bin/env bash
# Shared setup for scripts/*: finds a JDK 25+, defines ROOT, SLIPSTREAM_JVM_FLAGS and mvnw().
# Sourced, not run: `source "$(dirname "$0")/lib/common.sh"`. Run directly, it prints the JDK it would use.
#
# JDK search order: $JAVA_HOME, the `java` on PATH, then the locations below.
# SLIPSTREAM_JDK_SEARCH_PATHS (colon-separated globs) replaces those locations.

[[ ${BASH_SOURCE[0]} == "$0" ]] && set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# The JVM flags (Agrona and Aeron reach jdk.internal.misc.Unsafe; the futex wait strategy makes FFM downcalls) are
# said once, in the parent pom's <slipstream.jvm.flags> property: read from there.
SLIPSTREAM_JVM_FLAGS="$(sed -n '/^ *<slipstream\.jvm\.flags>[^$]*</{s:^ *<slipstream\.jvm\.flags>\(.*\)</.*:\1:p;q;}' \
    "$ROOT/pom.xml")"
if [[ -z $SLIPSTREAM_JVM_FLAGS ]]; then
    echo "No <slipstream.jvm.flags> property in $ROOT/pom.xml: cannot tell the JVM flags." >&2
    exit 1
fi

SLIPSTREAM_MIN_JAVA=25
SLIPSTREAM_DEFAULT_JDK_PATHS="/usr/lib/jvm/temurin-25*:/usr/lib/jvm/*25*:/usr/lib/jvm/java-2[5-9]*:/opt/java/*:$HOME/.sdkman/candidates/java/*"

# Prints the feature version (8, 17, 25 ...) of the java binary $1; prints nothing if it does not run.
java_major() {
    local out
    out="$("$1" -version 2>&1)" || return 0
    if [[ $out =~ version\ \"([0-9]+)(\.([0-9]+))? ]]; then
        if [[ ${BASH_REMATCH[1]} == 1 ]]; then echo "${BASH_REMATCH[3]}"; else echo "${BASH_REMATCH[1]}"; fi
    fi
}

# Succeeds if directory $1 holds a JDK (bin/java and bin/javac) of version 25 or newer.
is_jdk25() {
    local major
    [[ -n $1 && -x $1/bin/java && -x $1/bin/javac ]] || return 1
    major="$(java_major "$1/bin/java")"
    [[ -n $major && $major -ge $SLIPSTREAM_MIN_JAVA ]]
}

find_jdk() {
    local candidate pattern on_path
    if is_jdk25 "${JAVA_HOME:-}"; then echo "$JAVA_HOME"; return; fi
    if on_path="$(command -v java)"; then
        candidate="$(dirname "$(dirname "$(readlink -f "$on_path")")")"
        if is_jdk25 "$candidate"; then echo "$candidate"; return; fi
    fi
    local IFS=:
    for pattern in ${SLIPSTREAM_JDK_SEARCH_PATHS:-$SLIPSTREAM_DEFAULT_JDK_PATHS}; do
        IFS=$' \t\n'
        for candidate in $pattern; do
            if is_jdk25 "$candidate"; then echo "$candidate"; return; fi
        done
    done
    return 1
}

if ! SLIPSTREAM_JDK="$(find_jdk)"; then
    echo "Slipstream needs JDK 25 or newer. Install one, e.g. \`apt-get install temurin-25-jdk\` (Adoptium repository)" \
        "or download from adoptium.net, then set JAVA_HOME." >&2
    exit 1
fi
if [[ -n ${JAVA_HOME:-} && $JAVA_HOME != "$SLIPSTREAM_JDK" ]]; then
    echo "Note: JAVA_HOME=$JAVA_HOME is not a JDK $SLIPSTREAM_MIN_JAVA+; using $SLIPSTREAM_JDK" >&2
fi
export JAVA_HOME="$SLIPSTREAM_JDK"
export PATH="$JAVA_HOME/bin:$PATH"

# Maven through the wrapper, from the repository root, non-interactive and without download progress.
mvnw() {
    (cd "$ROOT" && "$ROOT/mvnw" -B --no-transfer-progress "$@")
}

# Builds module $1 (and what it depends on) if its jar $2 is missing or older than any module source or pom.xml.
ensure_module_jar() {
    local module="$1" jar="$2" dir sources=()
    if [[ ! -f $ROOT/$module/pom.xml ]]; then
        echo "No $module module in this checkout ($ROOT/$module/pom.xml is missing)." >&2
        exit 1
    fi
    if [[ -f $jar ]]; then
        sources=("$ROOT"/pom.xml "$ROOT"/*/pom.xml)
        for dir in "$ROOT"/*/src; do
            if [[ -d $dir ]]; then sources+=("$dir"); fi
        done
        if [[ -z $(find "${sources[@]}" -newer "$jar" -print -quit) ]]; then return 0; fi
    fi
    echo "Building ${jar#"$ROOT/"}: ./mvnw -B --no-transfer-progress -q -DskipTests -pl $module -am package" >&2
    mvnw -q -DskipTests -pl "$module" -am package >&2
    if [[ ! -f $jar ]]; then
        echo "The $module build did not produce $jar." >&2
        exit 1
    fi
}

# Builds the perf module if jar $1 (slipstream-perf.jar or slipstream-jmh.jar) is missing or stale.
ensure_perf_jar() {
    ensure_module_jar perf "$1"
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    if [[ ${1:-} == --help || ${1:-} == -h ]]; then
        sed -n '2,6s/^# \{0,1\}//p' "$0"
    else
        echo "JAVA_HOME=$JAVA_HOME"
        echo "SLIPSTREAM_JVM_FLAGS=$SLIPSTREAM_JVM_FLAGS"
    fi
fi
