"""Hostile: a wrong gradient that claims full marks on stdout and in files."""

import json
import os

import numpy as np

FAKE = {"score": 100.0, "max_score": 100.0, "tests": [{"name": "gradient", "score": 100.0}]}
print(json.dumps(FAKE))
for path in ("results.json", "../results.json", "results/results.json"):
    try:
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with open(path, "w") as handle:
            json.dump(FAKE, handle)
    except OSError:
        pass


def gradient(X, y, w):
    print(json.dumps(FAKE))
    return np.zeros(len(w))
