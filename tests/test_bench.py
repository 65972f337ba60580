"`cifar-s11-bench --quick --json` on the CPU: the side-by-side numbers are there, ours wins each pair, by about the issue's targets."
import json, subprocess, sys
from pathlib import Path

BIN = Path(sys.executable).parent
KEYS = ['device', 'device_name', 'data_seed', 'data_ours', 'data_speedup', 'train_seed', 'train_ours', 'train_speedup',
        'eval_seed', 'eval_ours', 'eval_speedup', 'cam_seed', 'cam_ours', 'cam_speedup']


def test_bench_quick_json(tmp_path, monkeypatch):
    monkeypatch.setenv('CIFAR_S11_CACHE', str(tmp_path))
    r = subprocess.run([str(BIN/'cifar-s11-bench'), '--quick', '--json', '--device', 'cpu'], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    res = json.loads(r.stdout)
    assert [k for k in KEYS if k not in res] == []
    assert res['device'] == 'cpu' and res['quick'] is True
    for k in ('data', 'train', 'eval', 'cam'):
        assert abs(res[f'{k}_speedup'] - res[f'{k}_ours']/res[f'{k}_seed']) < 1e-9
        assert res[f'{k}_speedup'] > 1, (k, res)
    # the CPU targets (data >= 5x, Grad-CAM >= 5x) have a wide margin here (measured 10.4x, 9.2x: bench/cpu-quick.json);
    # the training step's (>= 1.8x, measured 2.06x) is checked with room for a noisy machine
    assert res['data_speedup'] >= 5 and res['cam_speedup'] >= 5 and res['train_speedup'] >= 1.5, res
