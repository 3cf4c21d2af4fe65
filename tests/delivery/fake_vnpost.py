"""VNPost on loopback: takes orders (checking every field), hands out tracking numbers, answers tracking
queries and calls our webhook back with status updates, signed with the shared secret."""

import re

from motcua.delivery.carriers.vnpost import SIGNATURE_HEADER
from tests.integrations.fake_dvcqg import JsonServer, post_signed

_PHONE = re.compile(r"^0\d{9,10}$")
ORDER_TEXT_FIELDS = [
    "CustomerCode",
    "OrderCode",
    "SenderFullname",
    "SenderAddress",
    "SenderProvince",
    "ReceiverFullname",
    "ReceiverAddress",
    "ReceiverProvince",
    "PackageContent",
]


def order_errors(body) -> list[str]:
    if not isinstance(body, dict):
        return ["order is not an object"]
    errors = [
        f"{name} missing or empty"
        for name in ORDER_TEXT_FIELDS
        if not (isinstance(body.get(name), str) and body[name].strip())
    ]
    errors += [
        f"{name} is not a phone number"
        for name in ("SenderTel", "ReceiverTel")
        if not _PHONE.match(str(body.get(name, "")))
    ]
    if type(body.get("CodAmount")) is not int or body["CodAmount"] < 0:
        errors.append("CodAmount is not a whole number of đồng")
    expected = set(ORDER_TEXT_FIELDS) | {"SenderTel", "ReceiverTel", "CodAmount"}
    errors += [f"unexpected {name}" for name in set(body) - expected]
    return errors


class FakeVNPost(JsonServer):
    def __init__(self, *, customer_code: str, token: str = ""):
        super().__init__()
        self.customer_code = customer_code
        self.token = token
        self.orders: dict[str, dict] = {}  # OrderCode -> order (with its ItemCode)
        self.invalid: list[list[str]] = []
        self.fail_orders = 0
        self.events: list[dict] = []  # what tracking answers

    def answer(self, method, path, body, headers):
        if self.token and headers.get("Authorization") != f"Bearer {self.token}":
            return 401, {"message": "unauthorised"}
        if path == "/orders":
            errors = order_errors(body)
            if not errors and body["CustomerCode"] != self.customer_code:
                errors.append("unknown CustomerCode")
            if errors:
                self.invalid.append(errors)
                return 400, {"message": "; ".join(errors)}
            if self.fail_orders:
                self.fail_orders -= 1
                return 503, {"message": "Service Unavailable"}
            # The order code is the idempotency key: the same order twice gets the same item code.
            order = self.orders.setdefault(
                body["OrderCode"], {**body, "ItemCode": f"EB{len(self.orders) + 1:09d}VN"}
            )
            return 200, {"ItemCode": order["ItemCode"]}
        if path == "/tracking":
            codes = set(body.get("ItemCodes", []))
            return 200, {"Items": [event for event in self.events if event["ItemCode"] in codes]}
        return 404, {"message": "not found"}

    def order_for(self, item_code: str) -> dict:
        return next(order for order in self.orders.values() if order["ItemCode"] == item_code)

    def report(self, item_code: str, status: str, when: str, name: str = "") -> dict:
        event = {"ItemCode": item_code, "Status": status, "StatusName": name or status, "EventTime": when}
        with self.lock:
            self.events.append(event)
        return event

    def call_back(self, webhook_url: str, secret: str, event) -> tuple[int, dict]:
        return post_signed(webhook_url, event, secret=secret, header=SIGNATURE_HEADER)
