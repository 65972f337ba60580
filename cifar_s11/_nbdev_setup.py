"`nbdev-test`'s set-up hook (`test_setup` in `pyproject.toml`): one torch thread per worker process, so the notebooks tested side by side do not fight over the same cores, and caches in a folder of the run's own."
import os, tempfile

def one_thread_per_worker(cells):
    "Runs in `nbdev-test` before its workers start (and before torch is imported); `OMP_NUM_THREADS` and `CIFAR_S11_CACHE` already set are kept."
    os.environ.setdefault('OMP_NUM_THREADS', '1')
    os.environ.setdefault('CIFAR_S11_CACHE', tempfile.mkdtemp(prefix='cifar-s11-nbdev-test-'))   # the sample runs' embeddings, not the user's cache
