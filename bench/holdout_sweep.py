# Hold-out recipe sweep (the test split is never touched): train one recipe for 20 epochs on 45,000 training
# images and score it on the other 5,000 after every epoch (and with flip, and flip+translate, TTA at the end).
# SWEEP_EXTRA='{"epochs": 1}' shortens a dry run.
# Usage: python bench/holdout_sweep.py DATA NAME '{"cutout_p": 0}' > NAME.json   (several run side by side on one GPU)
import sys, json, os, time
import torch
from cifar_s11.data import load_cifar, CifarData, Split
from cifar_s11.train import TrainConfig, train

data, name, changes = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
d = load_cifar(data, sys.argv[4] if len(sys.argv) > 4 else None, progress=False)
p = torch.randperm(len(d.train), generator=torch.Generator().manual_seed(1))
k = len(p)*9//10   # 45,000 / 5,000 on the full training set
tr, va = p[:k], p[k:]
hd = CifarData(Split(d.train.x[tr], d.train.y[tr]), Split(d.train.x[va], d.train.y[va]), d.classes, 'holdout')
t0 = time.time()
t = train(hd, TrainConfig(**changes, **json.loads(os.environ.get('SWEEP_EXTRA', '{}'))), progress=False)  # extra: dry runs
clf = t.classifier   # the evaluated network (EMA where the recipe has one), its classes and statistics
tta = {m: clf.predict(t.data.test, tta=m).accuracy for m in ('flip', 'flip+translate')}   # the split the history scored
print(json.dumps(dict(name=name, changes=changes, secs=time.time() - t0, holdout_acc=t.history[-1]['test_acc'],
                      holdout_tta=tta['flip'], holdout_tta_translate=tta['flip+translate'], hist=t.history)))
