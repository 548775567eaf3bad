#!/usr/bin/env bash
# DIS training speed in-process (a program built against the BOM with driftkit-all, no environment variable, no
# system property) beside `./driftkit run` with the same config, interleaved on the same machine.
#
# Per round: `./driftkit run --set KEY=VALUE ...` (the script sets OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE, as
# always), then the example program org.example.library.SpeedRun with the same keys in a JVM started with every OMP_*
# variable removed from its environment. The command writes its run directory without pictures (output.plot=false;
# they come after training), the program writes nothing. Both report the training loop's own time (the trainer's clock: no JVM
# start-up, no sampling or metrics), as train_steps / train_seconds; the ratio is library over command, per round.
#
# Usage: bench/library-speed.sh [ROUNDS] [KEY=VALUE ...]   (default: 3 rounds of method=dis target=funnel
#        train.steps=200 sample.n=1000 seed=1)
# Needs the example built by the examples module's invoker run (mvn -B verify -pl examples -am), which leaves
# examples/target/it/library-example/target/{library-example-1.0.jar,lib/}.
# The machine may be shared: compare the ratios of one round rather than absolute numbers across runs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
shift || true
keys=("$@")
if [ ${#keys[@]} -eq 0 ]; then
  keys=(method=dis target=funnel train.steps=200 sample.n=1000 seed=1)
fi
example="$root/examples/target/it/library-example/target"
if [ ! -f "$example/library-example-1.0.jar" ]; then
  echo "library-speed: no $example/library-example-1.0.jar; build it with: mvn -B verify -pl examples -am" >&2
  exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sets=()
for k in "${keys[@]}"; do sets+=(--set "$k"); done

echo "keys: ${keys[*]}"
echo "start: $(date -u +%H:%M:%S) UTC, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %-12s %-12s %-8s %s\n' round cli_steps/s lib_steps/s lib/cli load
for r in $(seq 1 "$rounds"); do
  rm -rf "$work/cli"
  # no pictures: they are written after training (outside the timed loop) and the library writes none
  if ! "$root/driftkit" run --out "$work/cli" "${sets[@]}" --set output.plot=false >"$work/cli.log" 2>&1; then
    tail -5 "$work/cli.log" >&2
    exit 1
  fi
  cli="$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print("%.3f" % (m["train_steps"] / m["train_seconds"]))' \
    "$work/cli/metrics.json")"
  lib_line="$(env -u OMP_NUM_THREADS -u OMP_WAIT_POLICY -u OMP_PROC_BIND -u OMP_DYNAMIC \
    java --add-modules jdk.incubator.vector -cp "$example/library-example-1.0.jar:$example/lib/*" \
    org.example.library.SpeedRun "${keys[@]}" 2>"$work/lib.log" | grep steps_per_second)" \
    || { tail -5 "$work/lib.log" >&2; exit 1; }
  lib="$(sed -E 's/.*steps_per_second=([0-9.]+).*/\1/' <<<"$lib_line")"
  ratio="$(python3 -c "print('%.3f' % ($lib / $cli))")"
  printf '%-6s %-12s %-12s %-8s %s\n' "$r" "$cli" "$lib" "$ratio" "$(cut -d' ' -f1-3 /proc/loadavg)"
done
echo "end: $(date -u +%H:%M:%S) UTC, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
