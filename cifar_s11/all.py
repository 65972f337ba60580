"Everything in one import, with every method of `Classifier` attached (`cams` comes with `cam`)."
from .core import *
from .data import *
from .model import *
from .classifier import *
from .train import *
from .cam import *
from .faithfulness import *
from .triage import *
from .analysis import *
from .job import *
