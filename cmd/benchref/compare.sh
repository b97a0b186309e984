#!/usr/bin/env bash
# Runs the reference (r,Q) benchmark model in supplysim and in the reference
# engine side by side (same machine, same N, seeds 1..REPS, alternating runs)
# and prints the median events per second of each and their ratio.
#
#   cmd/benchref/compare.sh [GOREF_DIR]     (default: ../shared/bench/go-ref)
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

for seed in $(seq 1 "$reps"); do
  "$tmp/supplysim-ref" -n "$n" -seed "$seed" >>"$tmp/ours.jsonl"
  [ "$have_ref" = 1 ] && "$tmp/go-ref" -n "$n" -seed "$seed" >>"$tmp/ref.jsonl"
done

ours=$(field events_per_sec <"$tmp/ours.jsonl" | median)
fill=$(field fill_rate <"$tmp/ours.jsonl" | median)
printf 'supplysim: %.2f M events/s (median of %d), fill rate %.5f (exact 0.5999998545)\n' "$(echo "$ours / 1000000" | bc -l)" "$reps" "$fill"
if [ "$have_ref" = 1 ]; then
  ref=$(field events_per_sec <"$tmp/ref.jsonl" | median)
  printf 'go-ref:    %.2f M events/s (median of %d)\n' "$(echo "$ref / 1000000" | bc -l)" "$reps"
  printf 'ratio:     %.2fx\n' "$(echo "$ours / $ref" | bc -l)"
fi
