"""Money is whole đồng (VND has no minor unit in practice)."""

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
# Groups of three digits; beyond tỷ the names repeat ("nghìn tỷ", "triệu tỷ"), handled by recursion.
_GROUPS = ("", "nghìn", "triệu")
_BILLION = 1_000_000_000


def format_vnd(amount: int | None) -> str:
    """12500 -> '12.500 đồng'."""
    if amount is None:
        return ""
    return f"{amount:,}".replace(",", ".") + " đồng"


def _three_digits(number: int, *, leading: bool) -> list[str]:
    """0 < number < 1000 in words; a group after another says its zero hundreds ("không trăm linh năm")."""
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words = []
    if hundreds or not leading:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1 and tens >= 2:
        words.append("mốt")
    elif units == 5 and tens >= 1:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def _below_billion(number: int, *, leading: bool) -> list[str]:
    groups = []
    while number:
        groups.append(number % 1000)
        number //= 1000
    words: list[str] = []
    for index in reversed(range(len(groups))):
        if groups[index]:
            words += _three_digits(groups[index], leading=leading and not words)
            if _GROUPS[index]:
                words.append(_GROUPS[index])
    return words


def _words(number: int, *, leading: bool = True) -> list[str]:
    if number < _BILLION:
        return _below_billion(number, leading=leading)
    high, low = divmod(number, _BILLION)
    return [*_words(high, leading=leading), "tỷ", *_below_billion(low, leading=False)]


def vnd_in_words(amount: int) -> str:
    """12500 -> 'Mười hai nghìn năm trăm đồng', as a receipt writes the total (số tiền bằng chữ)."""
    if amount < 0:
        raise ValueError("amount must not be negative")
    words = _words(amount) if amount else ["không"]
    text = " ".join([*words, "đồng"])
    return text[0].upper() + text[1:]
