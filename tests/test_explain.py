"`cifar-s11-explain` on images of every kind a user may have, good and bad: each bad one is one line, the good ones are still done."
import io, json, subprocess, sys
from pathlib import Path

import numpy as np
from PIL import Image

from cifar_s11.explain import read_image

BIN = Path(sys.executable).parent


def save(path, im, **kw): im.save(path, **kw); return path


def test_every_kind_of_image(tmp_path):
    d = tmp_path
    photo = np.zeros((48, 64, 3), np.uint8); photo[..., 0] = np.linspace(0, 255, 64).astype(np.uint8)
    good = {
        'photo.jpg': save(d/'photo.jpg', Image.fromarray(photo), quality=90),
        'grey16.png': save(d/'grey16.png', Image.fromarray(np.full((40, 40), 40000, np.uint16))),
        'palette.png': save(d/'palette.png', Image.new('P', (40, 30), 3), transparency=0),
        'animated.gif': save(d/'animated.gif', Image.new('RGB', (32, 32), (255, 0, 0)), save_all=True,
                             append_images=[Image.new('RGB', (32, 32), (0, 0, 255))], duration=100, loop=0),
    }
    (d/'notes.txt').write_text('not an image')
    (d/'empty.png').write_bytes(b'')
    png = io.BytesIO(); Image.fromarray(photo).save(png, 'PNG'); (d/'cut.png').write_bytes(png.getvalue()[:len(png.getvalue())//2])
    (d/'cut.jpg').write_bytes((d/'photo.jpg').read_bytes()[:len((d/'photo.jpg').read_bytes())//2])
    save(d/'bomb.png', Image.new('1', (10_000, 10_000)))    # 100 million pixels in a file of a few kB
    bad = {'notes.txt': 'not an image Pillow can read', 'empty.png': 'the file is empty', 'cut.png': 'a damaged or cut-short image',
           'cut.jpg': 'a damaged or cut-short image', 'missing.png': 'no such file',
           'bomb.png': "more than 89,478,485 pixels, Pillow's limit against decompression bombs"}
    files = [d/n for n in list(good) + list(bad)]
    r = subprocess.run([str(BIN/'cifar-s11-explain'), *map(str, files), '--out', str(d/'panels'), '--device', 'cpu', '--json'],
                       capture_output=True, text=True)
    assert r.returncode == 1, r.stderr                      # some failed
    errors = r.stderr.strip().splitlines()
    assert len(errors) == len(bad), r.stderr               # one line each, no traceback
    for name, why in bad.items(): assert any(e.startswith(f"error: {d/name}: {why}") for e in errors), (name, r.stderr)
    doc = json.loads(r.stdout)
    res = doc['images']
    assert sorted(res) == sorted(str(d/n) for n in good) and sorted(doc['failed']) == sorted(str(d/n) for n in bad)
    for v in res.values(): assert len(v['top5']) == 5 and Path(v['panel']).exists()
    assert sorted(p.name for p in (d/'panels').iterdir()) == sorted(f"{Path(n).stem}_gradcam.png" for n in good)   # nothing for a failed image
    # what the model saw: the first frame of the animation, the 16-bit grey scaled to 8 bits, the palette made RGB
    assert read_image(d/'animated.gif')[:, 16, 16].tolist() == [255, 0, 0]
    assert read_image(d/'grey16.png')[:, 0, 0].tolist() == [int(40000*255/65535)]*3
    assert read_image(d/'palette.png').shape == (3, 32, 32)


def test_target_and_method(tmp_path):
    img = save(tmp_path/'a.png', Image.new('RGB', (32, 32), (200, 30, 30)))
    r = subprocess.run([str(BIN/'cifar-s11-explain'), str(img), '--target', 'cat', '--method', 'layercam', '--out', str(tmp_path), '--device', 'cpu'],
                       capture_output=True, text=True)
    assert r.returncode == 0 and (tmp_path/'a_layercam.png').exists(), r.stderr
    r = subprocess.run([str(BIN/'cifar-s11-explain'), str(img), '--target', 'lion'], capture_output=True, text=True)
    assert r.returncode == 1 and r.stderr.startswith("error: --target lion: must be 'pred', a class (airplane, ") and len(r.stderr.splitlines()) == 1
    r = subprocess.run([str(BIN/'cifar-s11-explain')], capture_output=True, text=True)
    assert r.returncode == 1 and r.stderr == "error: pass one or more image files\n"
