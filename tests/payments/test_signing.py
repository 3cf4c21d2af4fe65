"""The signatures, checked against known answers and against the sandbox's separately written code."""

import hashlib
import hmac
from urllib.parse import parse_qsl

from hypothesis import given
from hypothesis import strategies as st

from motcua.payments.gateways import dvcqg, vnpay
from motcua.payments.sandbox import signing as gateway_side

SECRET = "SECRET-FOR-TESTS"


def test_vnpay_signing_string_sorts_drops_empty_and_encodes_spaces_as_plus():
    params = {
        "vnp_TxnRef": "261207ABC",
        "vnp_Amount": 5800000,
        "vnp_OrderInfo": "Thanh toan phi le phi ho so H56 101",
        "vnp_BankCode": "",
        "vnp_ReturnUrl": "http://127.0.0.1:8000/thanh-toan/vnpay/ket-qua/",
        "vnp_SecureHash": "ignored",
    }
    expected = (
        "vnp_Amount=5800000&vnp_OrderInfo=Thanh+toan+phi+le+phi+ho+so+H56+101"
        "&vnp_ReturnUrl=http%3A%2F%2F127.0.0.1%3A8000%2Fthanh-toan%2Fvnpay%2Fket-qua%2F&vnp_TxnRef=261207ABC"
    )
    assert vnpay.signing_string(params) == expected
    assert (
        vnpay.sign(params, SECRET) == hmac.new(SECRET.encode(), expected.encode(), hashlib.sha512).hexdigest()
    )


@given(
    st.dictionaries(
        st.from_regex(r"vnp_[A-Za-z]{1,12}", fullmatch=True),
        st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30),
        max_size=8,
    )
)
def test_merchant_and_gateway_sign_the_same_way(params):
    assert vnpay.sign(params, SECRET) == gateway_side.vnpay_hash(params, SECRET)


def test_a_signed_vnpay_url_verifies_after_the_round_trip_through_a_query_string():
    params = {"vnp_TxnRef": "X1", "vnp_Amount": "800000", "vnp_OrderInfo": "Lệ phí & phí: 8.000đ"}
    received = dict(parse_qsl(gateway_side.vnpay_signed_query(params, SECRET)))
    assert received["vnp_SecureHash"] == vnpay.sign(received, SECRET)


def test_dvcqg_mac_is_sha256_of_the_fields_joined_with_bars_then_the_secret():
    message = {"MaLoi": "00", "MaGiaoDich": "261207ABC", "UrlThanhToan": "http://x/y"}
    expected = hashlib.sha256(f"00|261207ABC|http://x/y|{SECRET}".encode()).hexdigest()
    assert dvcqg.mac(message, dvcqg.INIT_ANSWER_SIGNED, SECRET) == expected
    assert gateway_side.dvcqg_mac(["00", "261207ABC", "http://x/y"], SECRET) == expected
