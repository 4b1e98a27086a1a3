"""The content family: translations that say something the source does not (invented
content, hallucination) or leave much of it out, found against the source alone by the
cross-lingual similarity a sentence of that length usually reaches
(:mod:`mtqa.scoring.src_expect`)."""
from __future__ import annotations

from . import checks  # noqa: F401  (registers CT01, CT02)
