"""The methodology of the index as data: versioned catalogues (``*.toml``) and their loader.

``load_methodology("dvcqg-2026")`` returns the validated catalogue the engine and the scoring read; a new generation
of the method is a new file here, not new code (see docs/methodology.md).
"""

from chiso.methodology.catalogue import (
    CONFIDENCE_VI,
    CONFIDENCES,
    COUNTING_KEYS,
    DEFAULT_METHODOLOGY,
    EMPTY_RULE_VI,
    EMPTY_RULES,
    KNOWN_LEVELS,
    NOT_APPLICABLE_RULES,
    NOT_APPLICABLE_VI,
    Band,
    Group,
    Indicator,
    Methodology,
    MethodologyError,
    OpenQuestion,
    ResolvedRule,
    available_methodologies,
    load_methodology,
    methodology_for,
    parse_methodology,
)

__all__ = [
    "CONFIDENCES",
    "CONFIDENCE_VI",
    "COUNTING_KEYS",
    "DEFAULT_METHODOLOGY",
    "EMPTY_RULES",
    "EMPTY_RULE_VI",
    "KNOWN_LEVELS",
    "NOT_APPLICABLE_RULES",
    "NOT_APPLICABLE_VI",
    "Band",
    "Group",
    "Indicator",
    "Methodology",
    "MethodologyError",
    "OpenQuestion",
    "ResolvedRule",
    "available_methodologies",
    "load_methodology",
    "methodology_for",
    "parse_methodology",
]
