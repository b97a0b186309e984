#!/usr/bin/env bash
# Runs the reference (r,Q) benchmark model in supplysim and in the reference
# engine side by side (same machine, same N, seeds 1..REPS, alternating runs)
# and prints the median events per second of each, the median CPU time of
# the whole process (user + system: start-up, loading, the run) and its
# peak memory, and the ratios.
#
#   cmd/benchref/compare.sh [GOREF_DIR]     (default: ../shared/bench/go-ref)
#   N=10000 REPS=3 cmd/benchref/compare.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
goref=${1:-${GOREF:-../shared/bench/go-ref}}
n=${N:-1000}
reps=${REPS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go build -o "$tmp/supplysim-ref" ./cmd/benchref
have_ref=0
if [ -d "$goref" ]; then
  (cd "$goref" && go build -o "$tmp/go-ref" .) && have_ref=1
else
  echo "reference engine not found at $goref: measuring supplysim alone" >&2
fi

field() { sed -E "s/.*\"$1\":([0-9.eE+-]+).*/\1/"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# measure NAME BIN: one run, its JSON line in NAME.jsonl and "cpu-seconds peak-KiB" in NAME.time
measure() {
  /usr/bin/time -f '%U %S %M' -o "$tmp/t" "$2" -n "$n" -seed "$seed" >>"$tmp/$1.jsonl"
  awk '{print $1 + $2, $3}' "$tmp/t" >>"$tmp/$1.time"
}

for seed in $(seq 1 "$reps"); do
  measure ours "$tmp/supplysim-ref"
  [ "$have_ref" = 1 ] && measure ref "$tmp/go-ref"
done

summary() { # NAME LABEL
  eps=$(field events_per_sec <"$tmp/$1.jsonl" | median)
  cpu=$(cut -d' ' -f1 "$tmp/$1.time" | median)
  rss=$(cut -d' ' -f2 "$tmp/$1.time" | median)
  printf '%-10s %6.2f M events/s, CPU %6.2f s, peak %6.1f MiB (medians of %d, N = %d)\n' "$2" \
    "$(echo "$eps / 1000000" | bc -l)" "$cpu" "$(echo "$rss / 1024" | bc -l)" "$reps" "$n"
}
summary ours supplysim:
fill=$(field fill_rate <"$tmp/ours.jsonl" | median)
printf '           fill rate %.5f (exact 0.5999998545)\n' "$fill"
if [ "$have_ref" = 1 ]; then
  summary ref go-ref:
  ratio() { echo "$(cut -d' ' -f"$1" "$tmp/ours.time" | median) / $(cut -d' ' -f"$1" "$tmp/ref.time" | median)" | bc -l; }
  printf 'ratio:     events/s %.2fx, CPU %.2f, peak memory %.1fx\n' \
    "$(echo "$(field events_per_sec <"$tmp/ours.jsonl" | median) / $(field events_per_sec <"$tmp/ref.jsonl" | median)" | bc -l)" \
    "$(ratio 1)" "$(ratio 2)"
fi
