import numpy as np

from parallax.embed import EmbeddingCache, Embedder


def test_similar_sentences_are_closer_than_unrelated_ones(tmp_path):
    embedder = Embedder(cache=EmbeddingCache(tmp_path / "cache.sqlite"))
    a, b, c = embedder.encode([
        "The city council approved the new budget on Monday.",
        "On Monday the council voted to pass the budget.",
        "The striker scored twice in the second half.",
    ])
    assert np.isclose(np.linalg.norm(a), 1.0, atol=1e-4)
    assert a @ b > a @ c + 0.2


def test_cache_returns_the_same_vectors_without_the_model(tmp_path):
    path = tmp_path / "cache.sqlite"
    first = Embedder(cache=EmbeddingCache(path)).encode(["one sentence", "another sentence", "one sentence"])
    assert np.allclose(first[0], first[2])
    second = Embedder(cache=EmbeddingCache(path))
    again = second.encode(["another sentence", "one sentence"])
    assert second._model is None  # everything came from the cache
    assert np.allclose(again[0], first[1]) and np.allclose(again[1], first[0])
