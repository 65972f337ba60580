"`nbdev-test`'s set-up hook (`test_setup` in `pyproject.toml`): one torch thread per worker process, so the notebooks tested side by side do not fight over the same cores."
import os

def one_thread_per_worker(cells):
    "Runs in `nbdev-test` before its workers start (and before torch is imported); `OMP_NUM_THREADS` already set is kept."
    os.environ.setdefault('OMP_NUM_THREADS', '1')
