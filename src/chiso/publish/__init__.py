"""Published periods: frozen results, the hash of their inputs, and verification against the current store."""

from chiso.publish.frozen import (
    Publication,
    PublishError,
    Verification,
    current_publication,
    publications,
    publish,
    published_scores,
    verify,
)
from chiso.publish.inputs import Digest, input_digests

__all__ = [
    "Digest",
    "Publication",
    "PublishError",
    "Verification",
    "current_publication",
    "input_digests",
    "publications",
    "publish",
    "published_scores",
    "verify",
]
