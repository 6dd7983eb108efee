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

# run_concurrently CORE_A OUT_A CORE_B OUT_B
#   Runs the commands in the arrays SIDE_A and SIDE_B at the same time, each pinned to its own core (taskset), with
#   BENCH_SYNC_DIR set: each program writes <side>.ready there after its warm-up and starts its timed part when
#   this function creates 'go' (once both are ready), so that both are timed under the same machine conditions.
#   Standard output goes to OUT_A / OUT_B, standard error to OUT_A.err / OUT_B.err. Returns non-zero if either
#   program failed.
run_concurrently() {
  local core_a=$1 out_a=$2 core_b=$3 out_b=$4 sync pid_a pid_b rc_a=0 rc_b=0
  sync=$(mktemp -d)
  BENCH_SYNC_DIR=$sync taskset -c "$core_a" "${SIDE_A[@]}" >"$out_a" 2>"$out_a.err" &
  pid_a=$!
  BENCH_SYNC_DIR=$sync taskset -c "$core_b" "${SIDE_B[@]}" >"$out_b" 2>"$out_b.err" &
  pid_b=$!
  while [[ ! -e $sync/go ]]; do
    if [[ $(find "$sync" -name '*.ready' | wc -l) -ge 2 ]] || ! kill -0 "$pid_a" 2>/dev/null \
        || ! kill -0 "$pid_b" 2>/dev/null; then
      touch "$sync/go"
    fi
    sleep 0.02
  done
  wait "$pid_a" || rc_a=$?
  wait "$pid_b" || rc_b=$?
  rm -rf "$sync"
  [[ $rc_a == 0 && $rc_b == 0 ]]
}

# median: the median of the numbers on standard input (one per line or space-separated); n/a if none
median() {
  tr ' ' '\n' | grep -E '^[0-9.]+$' | sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "n/a"; else if (NR % 2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'
}

# field NAME: the value of NAME=... in the line on standard input
field() { sed -n "s/.*[ ^]$1=\([0-9.]*\).*/\1/p"; }
