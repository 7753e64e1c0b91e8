"""TF-IDF weighting shared by the models' lexical heads."""

from __future__ import annotations

import numpy as np
from scipy import sparse


def weigh(counts: sparse.spmatrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear TF times IDF, L2-normalised rows (long and short texts comparable)."""
    weighted = sparse.csr_matrix(counts, dtype=np.float64, copy=True)
    weighted.data = 1.0 + np.log(weighted.data)
    weighted = weighted @ sparse.diags(idf)
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ weighted
