import numpy as np

from parallax.align import Unit, cluster_units, similar_pairs


def _unit_vectors(n, dim=384, seed=1):
    rng = np.random.default_rng(seed)
    v = rng.standard_normal((n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _planted(n_groups=400, per_group=3, noise=0.35, seed=2):
    """Groups of near-duplicate vectors, each member from a different source."""
    rng = np.random.default_rng(seed)
    centres = _unit_vectors(n_groups, seed=seed)
    vecs, sources, group = [], [], []
    for g, c in enumerate(centres):
        for k in range(per_group):
            v = c + noise * rng.standard_normal(c.shape).astype(np.float32) / np.sqrt(len(c))
            vecs.append(v / np.linalg.norm(v))
            sources.append(k)
            group.append(g)
    return np.stack(vecs), np.array(sources), np.array(group)


def test_exact_pairs_are_cross_source_and_sorted():
    vecs, sources, group = _planted(n_groups=20)
    pairs = similar_pairs(vecs, sources, 0.8)
    assert pairs, "planted near-duplicates must be found"
    assert all(sources[i] != sources[j] and i < j for i, j, _ in pairs)
    sims = [s for _, _, s in pairs]
    assert sims == sorted(sims, reverse=True)
    assert all(group[i] == group[j] for i, j, _ in pairs)


def test_lsh_finds_nearly_all_pairs_the_exact_search_finds():
    vecs, sources, _ = _planted(n_groups=400)
    exact = {(i, j) for i, j, _ in similar_pairs(vecs, sources, 0.8, exact_limit=10**9)}
    approx = {(i, j) for i, j, _ in similar_pairs(vecs, sources, 0.8, exact_limit=10)}
    assert approx <= exact  # LSH only verifies real candidates
    assert len(approx) >= 0.95 * len(exact)


def test_lsh_is_deterministic():
    vecs, sources, _ = _planted(n_groups=100)
    assert similar_pairs(vecs, sources, 0.8, exact_limit=10) == similar_pairs(vecs, sources, 0.8, exact_limit=10)


def test_clusters_never_hold_two_sentences_of_one_source():
    # A chain a0~b0~a1~b1: single linkage would join all four; we must not.
    units = [Unit(source=s, sentence=k, start=0, end=1, text="x", claim=None) for s, k in [(0, 0), (1, 0), (0, 1), (1, 1)]]
    pairs = [(0, 1, 0.95), (1, 2, 0.9), (2, 3, 0.85)]
    clusters = cluster_units(units, pairs)
    for cluster in clusters:
        assert len({units[i].source for i in cluster}) == len(cluster)
    assert [0, 1] in clusters and [2, 3] in clusters
