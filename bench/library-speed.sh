#!/usr/bin/env bash
# DIS training speed in-process (a program built against the BOM with driftkit-all, no environment variable, no
# system property) beside `./driftkit run` with the same config, on the same machine, each round running every
# variant once (the order rotating from round to round, so a load change does not favour one variant).
#
# The same config: `driftkit run --set KEY=VALUE` starts from the built-in default pipeline, a sampler in code from
# each component's defaults, so the program is given every key the command's --dry-run prints (its effective
# config), not just KEY=VALUE.
#
# Variants:
#   cli       ./driftkit run --set KEY=VALUE ... (the script sets OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE and the
#             JVM options -Xmx2g -XX:+UseSerialGC -Dorg.bytedeco.javacpp.maxbytes=2G
#             -Dorg.bytedeco.javacpp.maxphysicalbytes=0)
#   lib       the example program org.example.library.SpeedRun with the same keys, in a JVM started with every OMP_*
#             variable removed and no option but --add-modules jdk.incubator.vector
#   cli-bare  the command's code (java -cp driftkit.jar) in the program's environment: no OMP_*, no JVM option
#   lib-opts  the program with the command's JVM options (still no OMP_* variable)
# cli-bare and lib-opts say, where cli and lib differ, whether the code path or the process's set-up makes it.
# Each reports the training loop's own time (the trainer's clock: no JVM start-up, no sampling or metrics), as
# train_steps / train_seconds. The command writes its run directory without pictures (output.plot=false; they come
# after training), the program writes nothing.
#
# Usage: bench/library-speed.sh [ROUNDS] [KEY=VALUE ...]   (default: 3 rounds of method=dis target=funnel
#        train.steps=100 sample.n=1000 seed=1); VARIANTS="cli lib cli-bare lib-opts" to run more (default: cli lib).
# Needs the example built by the examples module's invoker run (mvn -B verify -pl examples -am), which leaves
# examples/target/it/library-example/target/{library-example-1.0.jar,lib/}, and the command's jar (./driftkit builds
# it). The machine may be shared: compare the ratios within a round rather than absolute numbers across runs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
shift || true
keys=("$@")
if [ ${#keys[@]} -eq 0 ]; then
  keys=(method=dis target=funnel train.steps=100 sample.n=1000 seed=1)
fi
read -r -a variants <<<"${VARIANTS:-cli lib}"
example="$root/examples/target/it/library-example/target"
if [ ! -f "$example/library-example-1.0.jar" ]; then
  echo "library-speed: no $example/library-example-1.0.jar; build it with: mvn -B verify -pl examples -am" >&2
  exit 2
fi
"$root/driftkit" --version >/dev/null 2>&1
cli_jar="$root/cli-launcher/target/driftkit.jar"
cli_opts=(-Xmx2g -XX:+UseSerialGC -Dorg.bytedeco.javacpp.maxbytes=2G -Dorg.bytedeco.javacpp.maxphysicalbytes=0)
bare=(env -u OMP_NUM_THREADS -u OMP_WAIT_POLICY -u OMP_PROC_BIND -u OMP_DYNAMIC java --add-modules jdk.incubator.vector)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sets=()
for k in "${keys[@]}"; do sets+=(--set "$k"); done
sets+=(--set output.plot=false)
# the command's effective config, every key, for the program (output.* concerns the run directory only)
mapfile -t lib_keys < <("$root/driftkit" run --dry-run "${sets[@]}" 2>/dev/null \
  | sed -nE 's/^([a-z0-9.-]+) = (.*)$/\1=\2/p' | grep -v '^output\.')

# steps/s of one variant
measure() {
  rm -rf "$work/cli"
  case "$1" in
    cli) "$root/driftkit" run --out "$work/cli" "${sets[@]}" >"$work/log" 2>&1 || { tail -5 "$work/log" >&2; exit 1; } ;;
    cli-bare) "${bare[@]}" -cp "$cli_jar" io.driftkit.cli.DriftkitCommand run --out "$work/cli" "${sets[@]}" \
        >"$work/log" 2>&1 || { tail -5 "$work/log" >&2; exit 1; } ;;
    lib|lib-opts)
      local opts=()
      [ "$1" = lib-opts ] && opts=("${cli_opts[@]}")
      "${bare[@]}" ${opts[@]+"${opts[@]}"} -cp "$example/library-example-1.0.jar:$example/lib/*" \
        org.example.library.SpeedRun "${lib_keys[@]}" >"$work/log" 2>&1 || { tail -5 "$work/log" >&2; exit 1; }
      sed -nE 's/.*steps_per_second=([0-9.]+).*/\1/p' "$work/log"
      sed -nE 's/.*log_z_is=(.*)$/\1/p' "$work/log" >"$work/logz-$1"
      return ;;
  esac
  python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print("%.3f" % (m["train_steps"] / m["train_seconds"]))' \
    "$work/cli/metrics.json"
  python3 -c 'import json,sys; print(repr(json.load(open(sys.argv[1]))["log_z_is"]))' "$work/cli/metrics.json" \
    >"$work/logz-$1"
}

# whether every variant estimated the same log Z (the same config and seed give the same numbers)
same_numbers() {
  python3 -c 'import sys; v={float(open(f).read()) for f in sys.argv[1:]}; print("yes" if len(v)==1 else "NO")' \
    "$work"/logz-*
}

echo "keys: ${keys[*]}"
echo "effective config (the program's keys): ${lib_keys[*]}"
echo "start: $(date -u +%H:%M:%S) UTC, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s' round; for v in "${variants[@]}"; do printf ' %-9s' "$v"; done; printf ' %-8s %-9s %s\n' lib/cli same_logZ load
n=${#variants[@]}
for r in $(seq 1 "$rounds"); do
  declare -A rate=()
  for i in $(seq 0 $((n - 1))); do
    v="${variants[$(((i + r - 1) % n))]}"
    rate[$v]="$(measure "$v")"
  done
  printf '%-6s' "$r"; for v in "${variants[@]}"; do printf ' %-9s' "${rate[$v]}"; done
  ratio="-"
  [ -n "${rate[cli]:-}" ] && [ -n "${rate[lib]:-}" ] && ratio="$(python3 -c "print('%.3f' % (${rate[lib]} / ${rate[cli]}))")"
  printf ' %-8s %-9s %s\n' "$ratio" "$(same_numbers)" "$(cut -d' ' -f1-3 /proc/loadavg)"
  rm -f "$work"/logz-*
  unset rate
done
echo "end: $(date -u +%H:%M:%S) UTC, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
