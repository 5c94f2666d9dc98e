"""Hand-written TF-IDF for goals vs expertise: nothing is downloaded, the vocabulary comes from
the problem itself."""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
import scipy.sparse as sp

_WORD = re.compile(r"[a-z][a-z0-9+#-]{2,}")  # words of 3+ characters, "c++" too
_STOP_TEXT = """
    about above after again all also and any are because been before being between both but
    can could did does doing down during each few for from further get getting had has have
    having her here hers him his how into its just more most my myself need new not now off once
    only other our out over own same she should some such than that the their them then there
    these they this those through too under until very want was way we well were what when where
    which while who whom why will with would you your yours better learn like help years work
    working experienced experience good great lot lots make many much really thing things"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


def tokenize(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]


def tfidf_pair(
    mentee_texts: list[str], mentor_texts: list[str], max_terms: int
) -> tuple[sp.csr_matrix, sp.csr_matrix, list[str]]:
    """L2-normalised TF-IDF rows for both sides over one shared vocabulary.

    The vocabulary keeps terms used by at least one mentee *and* one mentor (no other term can
    contribute to a similarity), capped at `max_terms` by document frequency so that the dense
    form used for all-pairs pricing stays small. Terms in more than half the documents carry
    almost no information and are dropped. tf is sublinear (1 + log tf).
    """
    docs_e = [Counter(tokenize(t)) for t in mentee_texts]
    docs_m = [Counter(tokenize(t)) for t in mentor_texts]
    df_e: Counter[str] = Counter()
    df_m: Counter[str] = Counter()
    for d in docs_e:
        df_e.update(d.keys())
    for d in docs_m:
        df_m.update(d.keys())
    n_docs = len(docs_e) + len(docs_m)
    shared = [w for w in df_e if w in df_m and df_e[w] + df_m[w] <= n_docs / 2]
    # Most frequent first; ties broken by the word so the vocabulary is deterministic.
    shared.sort(key=lambda w: (-(df_e[w] + df_m[w]), w))
    vocab = sorted(shared[:max_terms])
    index = {w: k for k, w in enumerate(vocab)}
    idf = np.array([np.log((1 + n_docs) / (1 + df_e[w] + df_m[w])) + 1.0 for w in vocab])
    return _rows(docs_e, index, idf), _rows(docs_m, index, idf), vocab


def _rows(docs: list[Counter[str]], index: dict[str, int], idf: np.ndarray) -> sp.csr_matrix:
    indptr = [0]
    cols: list[int] = []
    vals: list[float] = []
    weight = idf.tolist()
    for d in docs:
        for w, tf in d.items():
            k = index.get(w)
            if k is not None:
                cols.append(k)
                vals.append((1.0 + math.log(tf)) * weight[k])
        indptr.append(len(cols))
    m = sp.csr_matrix(
        (np.asarray(vals, dtype=np.float64), np.asarray(cols, dtype=np.int64), indptr),
        shape=(len(docs), len(index)),
    )
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ m)
