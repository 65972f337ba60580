"A network as a user writes one, for `cifar-s11-bench --arch bench/my_models.py:TinyNet` (the one `14b_your_own` trains)."
import torch.nn as nn

class TinyNet(nn.Module):
    "Three convolutions, global average pooling, a linear layer."
    def __init__(self, num_classes=10):
        super().__init__()
        def block(ni, nf): return nn.Sequential(nn.Conv2d(ni, nf, 3, padding=1, bias=False), nn.BatchNorm2d(nf), nn.ReLU(), nn.MaxPool2d(2))
        self.features = nn.Sequential(block(3, 32), block(32, 64), block(64, 128))
        self.head = nn.Linear(128, num_classes)
    def forward(self, x): return self.head(self.features(x).mean((2, 3)))
