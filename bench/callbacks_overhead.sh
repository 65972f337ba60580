#!/usr/bin/env bash
# The training loop before and after callbacks, side by side in one run: the same epoch of `Trainer.train_epoch`
# (8 steps at batch 32, fp32 or bf16 as the CPU has it, 3 timed passes after a warm-up) from two checkouts, alternately,
# 4 rounds; then what the default callbacks' events cost per step on their own (the after tree).
# Usage: bash bench/callbacks_overhead.sh BEFORE_TREE AFTER_TREE "CPU, e.g. AMD EPYC with AVX-512 BF16 (bf16 autocast)" >> bench/callbacks-overhead.jsonl
before=$1; after=$2; cpu=${3:?say which CPU this is}
code='
import json, sys
from cifar_s11.bench import throughput, _setup
from cifar_s11.core import device_name
from cifar_s11.data import load_cifar, CifarData, Split
from cifar_s11.train import Trainer, TrainConfig
data, bs, steps = load_cifar("sample", progress=False), 32, 8
device, split, mean, std = _setup(data, bs*steps, "cpu")
d = CifarData(split, Split(split.x[:bs], split.y[:bs]), data.classes, "bench")
t = Trainer(d, TrainConfig(bs=bs, lr=0.01, compile="off"), device=device, progress=False)
print(json.dumps(dict(tree=sys.argv[1], round=int(sys.argv[2]), bs=bs, steps=steps, images_per_s=throughput(t.train_epoch, bs*steps, device, 3), device_name=device_name(device), cpu=sys.argv[3])))'
for round in 1 2 3 4; do
  PYTHONPATH="$before" python3 -c "$code" "before: loop without callbacks" "$round" "$cpu"
  PYTHONPATH="$after" python3 -c "$code" "after: loop with callbacks" "$round" "$cpu"
done
PYTHONPATH="$after" python3 -c '
import json, time, sys
from cifar_s11.data import load_cifar
from cifar_s11.train import Trainer, TrainConfig
t = Trainer(load_cifar("sample", progress=False), TrainConfig(bs=20, compile="off"), device="cpu", progress=False)
t._begin_epoch(); t.step, n = 1, 20000
t0 = time.perf_counter()
for _ in range(n): t("before_batch"); t("after_batch")
print(json.dumps(dict(tree=sys.argv[1], callbacks=[repr(cb) for cb in t.cbs], events_us_per_step=1e6*(time.perf_counter() - t0)/n, cpu=sys.argv[2])))' "after: loop with callbacks" "$cpu"
