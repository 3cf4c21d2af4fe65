"""Amounts in words, as receipts write the total (số tiền bằng chữ)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.core.money import format_vnd, vnd_in_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (5, "Năm đồng"),
        (10, "Mười đồng"),
        (15, "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng"),
        (105, "Một trăm linh năm đồng"),
        (1_005, "Một nghìn không trăm linh năm đồng"),
        (8_000, "Tám nghìn đồng"),
        (58_000, "Năm mươi tám nghìn đồng"),
        (12_500, "Mười hai nghìn năm trăm đồng"),
        (1_010_000, "Một triệu không trăm mười nghìn đồng"),
        (2_000_001, "Hai triệu không trăm linh một đồng"),
        (1_200_000_000, "Một tỷ hai trăm triệu đồng"),
        (1_000_000_000_000, "Một nghìn tỷ đồng"),
    ],
)
def test_amount_in_words(amount, words):
    assert vnd_in_words(amount) == words


@given(st.integers(min_value=1, max_value=10**15))
def test_every_amount_has_words_without_empty_gaps(amount):
    words = vnd_in_words(amount)
    assert words.endswith(" đồng") and "  " not in words and words[0].isupper()


def test_format_vnd_uses_dots_for_thousands():
    assert format_vnd(1234567) == "1.234.567 đồng"
