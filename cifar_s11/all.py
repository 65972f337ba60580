"Everything in one import, with every method of `Classifier` attached (`cams` comes with `cam`, `mistakes` with `analysis`)."
from .core import *
from .data import *
from .model import *
from .classifier import *
from .train import *
from .cam import *
from .faithfulness import *
from .analysis import *
