"`nbdev-test`'s set-up hook (`test_setup` in `pyproject.toml`): one torch thread per worker process, so the notebooks tested side by side do not fight over the same cores, caches in a folder of the run's own, and every temporary file of the run in one folder that is removed when the run ends."
import atexit, os, shutil, tempfile

def one_thread_per_worker(cells):
    "Runs in `nbdev-test` before its workers start (and before torch is imported); `OMP_NUM_THREADS` and `CIFAR_S11_CACHE` already set are kept."
    os.environ.setdefault('OMP_NUM_THREADS', '1')
    run_tmp = tempfile.mkdtemp(prefix='cifar-s11-nbdev-test-')
    atexit.register(shutil.rmtree, run_tmp, ignore_errors=True)   # the examples' folders and files (a few GB), gone with the run
    os.environ['TMPDIR'] = tempfile.tempdir = run_tmp              # for the workers, the commands they start, and this process
    os.environ.setdefault('CIFAR_S11_CACHE', os.path.join(run_tmp, 'cache'))   # the sample runs' embeddings, not the user's cache
