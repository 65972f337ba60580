"`cifar-s11-bench --quick --json` on the CPU runs and writes a well-formed record: both sides of every pair timed, and the speed-ups their ratios. How fast each side is belongs to the benchmark's records (`bench/`), not to a pass/fail test: it depends on the machine and its load."
import json, subprocess, sys
from pathlib import Path

BIN = Path(sys.executable).parent
PARTS = ('data', 'train', 'eval', 'cam')


def test_bench_quick_json(tmp_path, monkeypatch):
    monkeypatch.setenv('CIFAR_S11_CACHE', str(tmp_path))
    r = subprocess.run([str(BIN/'cifar-s11-bench'), '--quick', '--json', '--device', 'cpu', '--bs', '32'], capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr
    res = json.loads(r.stdout)
    assert res['device'] == 'cpu' and res['quick'] is True and res['device_name'] and res['torch']
    assert res['autocast'] in ('bfloat16', 'None') and res['batch_size'] == 32
    for k in PARTS:
        assert res[f'{k}_baseline'] > 0 and res[f'{k}_ours'] > 0, res
        assert abs(res[f'{k}_speedup'] - res[f'{k}_ours']/res[f'{k}_baseline']) < 1e-9, res
