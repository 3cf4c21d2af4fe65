"""Text normalisation for search: Vietnamese without diacritics, case-folded."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold_vietnamese(text: str) -> str:
    """'Đăng ký  Khai sinh' -> 'dang ky khai sinh' (diacritics, case and runs of spaces removed)."""
    # đ/Đ is a letter of its own, not d + a combining mark, so NFD leaves it alone.
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped).strip().casefold()
