"""What the garbled checks count as a word: letters, with inner apostrophes."""
from __future__ import annotations

import re

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
