#!/usr/bin/env bash
# The full 20-epoch run and the GPU benchmark, as run once on a lent GPU machine (issue 7).
# Expects the package and its missing dependencies as wheels in .whl/ and the data archive in .devdata/;
# writes the log, timings, evaluation and the run folder (split into 15 MB parts) into $OUT.
# Extra training options (for a dry run on CPU: TRAIN_ARGS="--limit 512 --epochs 1 --device cpu") go in TRAIN_ARGS.
set -uo pipefail
OUT=${OUT:-/tmp/out}; RUN=${RUN:-/tmp/run}; DATA=.devdata/cifar10-jpeg.tar.gz; BUDGET=${BUDGET:-540}
if [ -z "${SKIP_INSTALL:-}" ]; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
  export PYTHONPATH=/tmp/site PATH=/tmp/site/bin:$PATH
fi
export PYTHONUNBUFFERED=1 CIFAR_S11_CACHE=/tmp/cache   # decoded data, cached once for every command
mkdir -p "$OUT"
{ date -u; nvidia-smi -L 2>/dev/null; nproc; python3 -c "import torch; print('torch', torch.__version__)"; } > "$OUT/device.txt"

t0=$(date +%s)
timeout 420 cifar-s11-train --data $DATA --out "$RUN" ${TRAIN_ARGS:-} > "$OUT/train.log" 2>&1
rc=$?
if [ $rc -ne 0 ]; then  # e.g. torch.compile failing on this machine: go on from the last checkpoint without it
  echo "train exited $rc; retrying with --compile off" >> "$OUT/device.txt"
  resume=--overwrite; [ -f "$RUN/checkpoint.pt" ] && resume=--resume
  timeout $(( BUDGET - 40 - SECONDS )) cifar-s11-train --data $DATA --out "$RUN" --compile off $resume ${TRAIN_ARGS:-} >> "$OUT/train.log" 2>&1
  rc=$?
fi
echo "train rc=$rc wall_s=$(( $(date +%s) - t0 ))" >> "$OUT/device.txt"

cifar-s11-evaluate --weights "$RUN/model.safetensors" --data $DATA --json > "$OUT/evaluate.json" 2>> "$OUT/device.txt"
left=$(( BUDGET - SECONDS ))
if [ $left -gt 60 ]; then
  flag=""; [ $left -gt 240 ] && flag=--compile
  timeout $(( left - 20 )) cifar-s11-bench --data $DATA --json $flag > "$OUT/bench.json" 2>> "$OUT/device.txt"
  echo "bench rc=$? (${flag:-no compile})" >> "$OUT/device.txt"
fi
tar cf - -C "$RUN" model.safetensors history.json curves.png | split -b 15m - "$OUT/run.tar.part-"
echo "total_s=$SECONDS" >> "$OUT/device.txt"
