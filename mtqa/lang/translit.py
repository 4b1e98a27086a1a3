"""Ukrainian national transliteration (KMU 2010), from ``mtqa/data/translit_uk.tsv``; shared
by the untranslated checks (UT01 suggestions) and the quote checks (QT13 name matching)."""
from __future__ import annotations

from mtqa.lang.lexicon import table


def transliterate(text: str) -> str:
    """Ukrainian national transliteration (KMU 2010), from ``mtqa/data/translit_uk.tsv``."""
    rows = table("translit_uk.tsv")
    first = {r["letter"]: r["initial"] for r in rows}
    other = {r["letter"]: r["other"] for r in rows}
    out, prev_letter = [], False
    for ch in text.replace("зг", "zgh").replace("Зг", "Zgh"):
        low = ch.lower()
        if low in first:
            rep = (other if prev_letter else first)[low]
            out.append(rep.capitalize() if ch.isupper() else rep)
            prev_letter = True
        else:
            out.append("" if ch in "'’ʼь" else ch)
            prev_letter = ch.isalpha() or ch in "'’ʼ"
    return "".join(out)
