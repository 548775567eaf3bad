#!/usr/bin/env bash
# Training speed of driftkit beside the PyTorch DIS loop, interleaved on the same machine.
#
# The setting of issue 13: funnel (d = 10), batch 512, K = 100 steps, 64x64x64 GELU network, Adam lr 1e-3 with
# gradient-norm clip 1, STEPS training steps (default 150); driftkit's reference processes are those of
# configs/<method>-funnel.properties. Per round it runs, one after another: PyTorch with 1
# and 2 threads, then driftkit's dis + log-variance, dis + path-kl, pis and dds (log-variance). Both sides time
# their training loop only (no JVM or interpreter start-up, no sampling). The ratio divides each steps/s by the
# best PyTorch steps/s of the same round; PyTorch only implements dis + log-variance, so for the other rows it is
# a yardstick of the same network and batch, not the same computation.
#
# Usage: bench/side-by-side.sh [STEPS] [ROUNDS]
# Environment: DRIFTKIT (command, default ./driftkit of this checkout), TORCH_PYTHON (default /usr/bin/python3,
# Debian's python3 with python3-torch), TORCH_SCRIPT (default ../shared/bench/dis_torch.py beside the checkout),
# CASES (default "dis:log-variance dis:path-kl pis:log-variance dds:log-variance").
# The machine may be shared: compare the ratios of one round rather than absolute numbers across runs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
steps="${1:-150}"
rounds="${2:-2}"
driftkit="${DRIFTKIT:-$root/driftkit}"
torch_python="${TORCH_PYTHON:-/usr/bin/python3}"
torch_script="${TORCH_SCRIPT:-$root/../shared/bench/dis_torch.py}"
cases="${CASES:-dis:log-variance dis:path-kl pis:log-variance dds:log-variance}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

have_torch=1
if [ ! -f "$torch_script" ]; then
  echo "side-by-side: no PyTorch script at $torch_script (set TORCH_SCRIPT); driftkit rows only" >&2
  have_torch=0
elif ! "$torch_python" -c 'import torch' 2>/dev/null; then
  echo "side-by-side: $torch_python cannot import torch (Debian: apt-get install python3-torch);" \
    "driftkit rows only" >&2
  have_torch=0
fi

# prints steps/s of one driftkit training run
driftkit_rate() {
  local method="$1" loss="$2" out="$work/run-$method-$loss"
  rm -rf "$out"
  "$driftkit" run "$root/configs/$method-funnel.properties" --set loss="$loss" --set integrator.steps=100 \
    --set train.batch=512 --set train.steps="$steps" --set train.lr=1e-3 --set train.schedule=constant \
    --set train.clip=1 --set sample.n=512 --set output.plot=false --set seed=1 --out "$out" >"$work/log" 2>&1 \
    || { cat "$work/log" >&2; return 1; }
  python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print("%.3f" % (m["train_steps"] / m["train_seconds"]))' \
    "$out/metrics.json"
}

# prints steps/s of one PyTorch training run with $1 threads. A forced OpenBLAS core type (OPENBLAS_CORETYPE,
# with OPENBLAS_L2_SIZE; some machines set it for old OpenBLAS builds) would hold PyTorch to older kernels, so it
# is dropped for this command unless TORCH_KEEP_OPENBLAS_ENV=1: the yardstick runs at its best.
torch_rate() {
  local unset=(-u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)
  [ "${TORCH_KEEP_OPENBLAS_ENV:-0}" = 1 ] && unset=()
  env "${unset[@]}" "$torch_python" "$torch_script" --target funnel --steps "$steps" --batch 512 --K 100 --eval-n 2000 \
    --threads "$1" 2>"$work/log" | tail -1 | python3 -c 'import json,sys; print("%.3f" % json.load(sys.stdin)["steps_per_s"])'
}

printf '%-6s %-30s %-8s %10s %8s\n' round implementation threads steps/s ratio
for round in $(seq 1 "$rounds"); do
  best=""
  if [ "$have_torch" = 1 ]; then
    t1="$(torch_rate 1)"
    printf '%-6s %-30s %-8s %10s %8s\n' "$round" "pytorch dis log-var" 1 "$t1" ""
    t2="$(torch_rate 2)"
    printf '%-6s %-30s %-8s %10s %8s\n' "$round" "pytorch dis log-var" 2 "$t2" ""
    best="$(python3 -c "print(max($t1, $t2))")"
  fi
  for c in $cases; do
    method="${c%%:*}"
    loss="${c#*:}"
    rate="$(driftkit_rate "$method" "$loss")"
    ratio=""
    [ -n "$best" ] && ratio="$(python3 -c "print('%.2fx' % ($rate / $best))")"
    printf '%-6s %-30s %-8s %10s %8s\n' "$round" "driftkit $method $loss" 1 "$rate" "$ratio"
  done
done
