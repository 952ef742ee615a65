"""Small canonical frames built by hand for the core tests."""

import numpy as np
import pandas as pd

from frisat.core.instrument import Instrument
from frisat.core.schema import DONT_KNOW, conform


def random_frame(inst: Instrument, n: int, seed: int = 0, groups=("a", "b", "c"),
                 missing: float = 0.1, dont_know: float = 0.05) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    data = {
        "respondent_id": [f"r{i}" for i in range(n)],
        "omraade": rng.choice(list(groups), n),
        "gruppe": rng.choice(["leder", "medarbejder"], n),
    }
    for spec in inst.columns():
        if spec.is_text:
            data[spec.name] = pd.array(np.where(rng.random(n) < 0.3, f"kommentar om {spec.section}", None),
                                       dtype="string")
        else:
            values = rng.integers(1, 11, n).astype(float)
            roll = rng.random(n)
            values[roll < missing] = np.nan
            values[(roll >= missing) & (roll < missing + dont_know)] = DONT_KNOW
            data[spec.name] = values
    return conform(pd.DataFrame(data), inst)
