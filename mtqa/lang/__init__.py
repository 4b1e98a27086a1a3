"""mtqa.lang: language knowledge as code over data (the lexicon loader, the number reader,
quote conventions, Ukrainian romanisation and morphology)."""
