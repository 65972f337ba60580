"The whole JPEG copy of CIFAR-10, loaded cold and warm (skipped, saying so, where the archive is not at hand)."
import os, time
from pathlib import Path

import pytest
import torch

from cifar_s11.data import load_cifar

ROOT = Path(__file__).parents[1]
ARCHIVE = Path(os.environ.get('CIFAR_S11_FULL', ROOT.parent/'shared'/'data'/'cifar10-jpeg.tar.gz'))


@pytest.mark.skipif(not ARCHIVE.exists(), reason=f"{ARCHIVE} not found; set CIFAR_S11_FULL to a copy of the archive to run it")
def test_full_archive_cold_then_warm(tmp_path, monkeypatch):
    t0 = time.perf_counter(); cold = load_cifar(ARCHIVE, cache_dir=tmp_path, progress=False); t1 = time.perf_counter()
    def no_archive(path): raise AssertionError(f"the warm load read the archive {path} again")
    monkeypatch.setattr('cifar_s11.data._read_archive', no_archive)     # the warm load must come from the cache alone
    warm = load_cifar(ARCHIVE, cache_dir=tmp_path, progress=False); t2 = time.perf_counter()
    print(f"cold load {t1 - t0:.1f} s, warm load {t2 - t1:.2f} s")
    assert cold.train.x.shape == (50000, 3, 32, 32) and cold.test.x.shape == (10000, 3, 32, 32)
    assert cold.train.y.bincount().tolist() == [5000]*10 and cold.test.y.bincount().tolist() == [1000]*10
    assert torch.equal(warm.train.x, cold.train.x) and torch.equal(warm.test.y, cold.test.y)
    assert len(list(tmp_path.glob('archive-*.npz'))) == 1
