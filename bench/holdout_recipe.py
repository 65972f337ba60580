# Hold-out recipe check (the test split is never touched): train the default recipe at a given batch size and peak lr
# for 5 epochs on 10,000 training images and score it on 5,000 other training images.
# From the repository root: python bench/holdout_recipe.py DATA 128 0.1 > bench/holdout_bs128_lr0.1.json
# (DATA: a local copy of CIFAR-10, e.g. cifar10-jpeg.tar.gz, or 'cifar10')
import sys, json, time, torch
from cifar_s11.data import load_cifar, CifarData, Split
from cifar_s11.train import TrainConfig, train
d = load_cifar(sys.argv[1], progress=False)
p = torch.randperm(len(d.train), generator=torch.Generator().manual_seed(1))
tr, va = p[:10000], p[10000:15000]
hd = CifarData(Split(d.train.x[tr], d.train.y[tr]), Split(d.train.x[va], d.train.y[va]), d.classes, 'holdout')
bs, lr = int(sys.argv[2]), float(sys.argv[3])
t0 = time.time()
t = train(hd, TrainConfig(epochs=5, bs=bs, lr=lr), progress=False)
print(json.dumps(dict(bs=bs, lr=lr, secs=time.time()-t0, hist=t.history)), flush=True)
