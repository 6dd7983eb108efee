# Shared by the benchmark scripts (source it from the repository root).
#
# project_classpath MODULE [COPY_DIR]
#   Builds MODULE and what it needs from this checkout (./mvnw, no install into ~/.m2, so it works on a fresh
#   clone) and prints its runtime classpath, the module's classes first. With COPY_DIR, the project's own
#   classes and jars are copied there first, so that a rebuild during a long benchmark cannot change them.
project_classpath() {
  local module=$1 copy=${2:-} root log
  root=$(pwd)
  log=$(mktemp)
  if ! ./mvnw -q -B -ntp -DskipTests -pl "$module" -am package >"$log" 2>&1; then
    echo "error: building $module failed:" >&2
    grep -E "ERROR" "$log" | head -n 10 >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
  local cp="$root/$module/target/classes:$(cat "$root/$module/target/classpath.txt")"
  if [[ -n $copy ]]; then
    rm -rf "$copy" && mkdir -p "$copy"
    local out="" entry i=0
    for entry in ${cp//:/ }; do
      if [[ $entry == "$root"/* ]]; then   # the project's own classes or jars: copy
        i=$((i + 1))
        cp -r "$entry" "$copy/$i-$(basename "$entry")"
        entry="$copy/$i-$(basename "$entry")"
      fi
      out+="${out:+:}$entry"
    done
    cp=$out
  fi
  echo "$cp"
}
