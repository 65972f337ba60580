#!/usr/bin/env bash
# The headline run on a lent GPU, in phases (PHASES, default all of them, in this order):
#   grid   8 recipes side by side on the 45,000/5,000 hold-out split of the training set (bench/holdout_sweep.py)
#   seeds  the winner (it must beat the control by 0.4 points, else the control) on all 50,000, seeds 0-2 side by side
#   timed  one run of the winner alone on the fast path (CUDA graphs, fused SGD, epoch at once, no host sync)
#   bench  cifar-s11-bench at the winner's batch size, with the same compile mode
# Layout as gpu_sweep.sh: wheels in .whl/, the data archive in .devdata/, everything it writes into $OUT.
# The carry (about 50 MB): `pip wheel --no-deps -w .whl .` for the package, and wheels (Python 3.12, manylinux) of
# what the GPU image lacks: fastcore fastprogress torchinfo albumentations albucore pydantic pydantic_core
# annotated-types typing-inspection simsimd stringzilla; the archive copied to .devdata/. One call, all phases:
#   run(command="BUDGET=570 bash bench/headline.sh", carry=[".whl", ".devdata"], timeout_s=600)
# WINNER='{"bs": 512}' skips the choice (for a second call after the grid). Dry run on a CPU, about 5 minutes:
#   DRY=1 SKIP_INSTALL=1 OUT=/tmp/hl DATA=../shared/data/cifar10-jpeg.tar.gz bash bench/headline.sh
set -uo pipefail
OUT=${OUT:-/tmp/out}; RUN=${RUN:-/tmp/run}; DATA=${DATA:-.devdata/cifar10-jpeg.tar.gz}; C=${CACHE:-/tmp/cache}
BUDGET=${BUDGET:-580}; PHASES=${PHASES:-grid seeds timed bench}; W=$(mktemp -d)
FAST='"epoch_aug": true, "sync_every": 0'          # same computation as the plain path, less waiting
if [ -n "${DRY:-}" ]; then   # everything tiny, on the CPU, so that only the plumbing is tried
  export SWEEP_EXTRA='{"epochs": 1, "limit": 256, "eval_bs": 256}' CUDA_VISIBLE_DEVICES=''
  CLI_EXTRA="--epochs 1 --limit 256 --eval-bs 256 --device cpu"; BENCH_EXTRA="--quick --device cpu"; PAR=2
  MODES=off; BENCH_COMPILE=off; EVAL_EXTRA="--limit 256 --device cpu"; export OMP_NUM_THREADS=1
else CLI_EXTRA=""; BENCH_EXTRA=""; EVAL_EXTRA=""; PAR=8; MODES="reduce-overhead on"; fi
if [ -z "${SKIP_INSTALL:-}" ]; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
  export PYTHONPATH=/tmp/site PATH=/tmp/site/bin:$PATH
fi
export PYTHONUNBUFFERED=1 CIFAR_S11_CACHE=$C   # decoded data, cached once for every command
mkdir -p "$OUT" "$RUN"
log() { echo "[$(date -u +%T) ${SECONDS}s] $*" | tee -a "$OUT/headline.log"; }
{ date -u; nvidia-smi -L 2>/dev/null; nproc; python3 -c "import torch; print('torch', torch.__version__)"; } > "$OUT/device.txt"
python3 -c "from cifar_s11.data import load_cifar; load_cifar('$DATA', '$C', progress=False)" || exit 1
log "data ready"
left() { echo $(( BUDGET - SECONDS )); }

S='"label_smoothing": 0.2, "flip": "alternate", "zero_init": true, "ema_epochs": 1'
C8='"cutout": [8, 8], "cutout_p": 1.0'
declare -A R=([control]="{}" [S]="{$S}" [S_cutout8]="{$S, $C8}" [S_cutout8_whiten]="{$S, $C8, \"whiten\": true}"
  [S_cutout8_whiten_lr0.2]="{$S, $C8, \"whiten\": true, \"lr\": 0.2}" [S_cutout8_lr0.2]="{$S, $C8, \"lr\": 0.2}"
  [S_cutout8_bs512_lr0.4]="{$S, $C8, \"bs\": 512, \"lr\": 0.4}" [S_cutout8_whiten_bs512_lr0.4]="{$S, $C8, \"whiten\": true, \"bs\": 512, \"lr\": 0.4}")

if [[ " $PHASES " == *" grid "* ]]; then
  n=0
  for k in "${!R[@]}"; do
    SWEEP_EXTRA=$(python3 -c "import json,os; print(json.dumps({**json.loads('{$FAST}'), **json.loads(os.environ.get('SWEEP_EXTRA') or '{}')}))") \
      timeout $(( $(left) - 30 )) python3 bench/holdout_sweep.py "$DATA" "$k" "${R[$k]}" "$C" > "$W/grid_$k.json" 2> "$W/grid_$k.err" &
    n=$(( n + 1 )); if [ $(( n % PAR )) = 0 ]; then wait; fi
  done
  wait
  cat "$W"/grid_*.json > "$OUT/grid.jsonl"; for f in "$W"/grid_*.err; do echo "== $f"; tail -n 3 "$f"; done >> "$OUT/device.txt"
  log "grid done: $(wc -l < "$OUT/grid.jsonl") of ${#R[@]} recipes"
fi

# the winner by plain hold-out accuracy; it replaces the control only if it is at least 0.4 points better
if [ -z "${WINNER:-}" ]; then
WINNER=$(python3 - "$OUT/grid.jsonl" <<'PY'
import sys, json
rs = {r['name']: r for r in map(json.loads, open(sys.argv[1]))}
best = max(rs.values(), key=lambda r: r['holdout_acc'])
if 'control' in rs and best['holdout_acc'] < rs['control']['holdout_acc'] + 0.004: best = rs['control']
print(json.dumps(best['changes']))
PY
)
fi
[ -n "$WINNER" ] || WINNER='{}'
FLAGS=$(python3 - "$WINNER" <<'PY'
import sys, json
def flag(k, v):
    k = '--' + k.replace('_', '-')
    if v is True: return k
    if isinstance(v, list): return f"{k} {','.join(map(str, v))}"
    return f"{k} {v}"
print(' '.join(flag(k, v) for k, v in json.loads(sys.argv[1]).items() if v is not False))
PY
)
BS=$(python3 -c "import json,sys; print(json.loads(sys.argv[1]).get('bs', 128))" "$WINNER"); [ -n "${DRY:-}" ] && BS=32
log "winner: $WINNER -> flags: ${FLAGS:-(the defaults)}"; echo "$WINNER" > "$OUT/winner.json"

if [[ " $PHASES " == *" seeds "* ]] && [ $(left) -gt 120 ]; then
  for s in 0 1 2; do
    timeout $(( $(left) - 20 )) cifar-s11-train --data "$DATA" --out "$RUN/seed$s" --overwrite --quiet \
      --seed $s --epoch-aug --sync-every 0 $FLAGS $CLI_EXTRA > "$OUT/seed$s.log" 2>&1 &
  done
  wait
  for s in 0 1 2; do
    cifar-s11-evaluate --weights "$RUN/seed$s/model.safetensors" --data "$DATA" --json $EVAL_EXTRA > "$OUT/seed$s.evaluate.json" 2>> "$OUT/device.txt"
    cifar-s11-evaluate --weights "$RUN/seed$s/model.safetensors" --data "$DATA" --tta --json $EVAL_EXTRA > "$OUT/seed$s.evaluate_tta.json" 2>> "$OUT/device.txt"
    cp "$RUN/seed$s/history.json" "$OUT/seed$s.history.json" 2>/dev/null
  done
  tar cf - -C "$RUN/seed0" model.safetensors history.json curves.png | split -b 15m - "$OUT/seed0.tar.part-"
  log "seeds done: $(cat "$OUT"/seed?.evaluate.json | tr '\n' ' ')"
fi

if [[ " $PHASES " == *" timed "* ]] && [ $(left) -gt 90 ]; then
  for mode in $MODES; do   # CUDA graphs first; plain compile if that fails
    t0=$(date +%s)
    timeout $(( $(left) - 20 )) cifar-s11-train --data "$DATA" --out "$RUN/timed" --overwrite --quiet \
      --epoch-aug --sync-every 0 --opt-kernel fused --compile $mode $FLAGS $CLI_EXTRA > "$OUT/timed.log" 2>&1
    rc=$?; log "timed run, compile $mode: rc=$rc wall_s=$(( $(date +%s) - t0 ))"
    [ $rc = 0 ] && { cp "$RUN/timed/history.json" "$OUT/timed.history.json"; break; }
  done
fi

if [[ " $PHASES " == *" bench "* ]] && [ $(left) -gt 60 ]; then
  timeout $(( $(left) - 10 )) cifar-s11-bench --data "$DATA" --json --bs $BS --compile ${BENCH_COMPILE:-reduce-overhead} $BENCH_EXTRA > "$OUT/bench.json" 2>> "$OUT/device.txt"
  log "bench rc=$?"
fi
log "total"
