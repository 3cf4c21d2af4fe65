"""The sandbox gateway's HTTP server: one in-memory store of transactions, a thread per request."""

from __future__ import annotations

import html
import json
import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from . import signing

GMT7 = timezone(timedelta(hours=7))

# DVCQG payment platform messages: which fields MaXacThuc covers, in order (see docs/architecture.md).
DVCQG_INIT = ("MaDoiTac", "MaGiaoDich", "MaHoSo", "SoTien", "NoiDung", "UrlTraVe", "ThoiGianTao")
DVCQG_INIT_ANSWER = ("MaLoi", "MaGiaoDich", "UrlThanhToan")
DVCQG_CONFIRM = ("MaDoiTac", "MaGiaoDich", "MaGiaoDichCong", "SoTien", "TrangThai", "ThoiGianThanhToan")
DVCQG_CONFIRM_ANSWER = ("MaLoi", "MaGiaoDich")
DVCQG_RETURN = ("MaGiaoDich", "TrangThai", "SoTien")
DVCQG_QUERY = ("MaDoiTac", "MaGiaoDich", "ThoiGianTruyVan")
DVCQG_QUERY_ANSWER = ("MaLoi", "MaGiaoDich", "TrangThai", "SoTien", "MaGiaoDichCong", "ThoiGianThanhToan")
DVCQG_PAID, DVCQG_PENDING, DVCQG_FAILED = "1", "3", "4"

QUERYDR_REQUEST = (
    "vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TxnRef",
    "vnp_TransactionDate", "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo",
)  # fmt: skip
QUERYDR_ANSWER = (
    "vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode", "vnp_TxnRef",
    "vnp_Amount", "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo", "vnp_TransactionType",
    "vnp_TransactionStatus", "vnp_OrderInfo", "vnp_PromotionCode", "vnp_PromotionAmount",
)  # fmt: skip


def _thousands(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def _now_gmt7() -> str:
    return datetime.now(GMT7).strftime("%Y%m%d%H%M%S")


class Sandbox:
    """Configuration and every transaction seen, shared by the request threads."""

    def __init__(self, *, vnpay_secret, tmn_code, ipn_url, dvcqg_secret, dvcqg_partner, dvcqg_confirm_url):
        self.lock = threading.Lock()
        self.config = {
            "vnpay_secret": vnpay_secret,
            "tmn_code": tmn_code,
            "ipn_url": ipn_url,
            "dvcqg_secret": dvcqg_secret,
            "dvcqg_partner": dvcqg_partner,
            "dvcqg_confirm_url": dvcqg_confirm_url,
            # Tests switch these to play a gateway whose notification never arrives.
            "drop_ipn": False,
        }
        self.transactions: dict[str, dict] = {}
        self._serial = 14000000

    def next_transaction_no(self) -> str:
        with self.lock:
            self._serial += 1
            return str(self._serial)


class Handler(BaseHTTPRequestHandler):
    server_version = "MotCuaPaymentSandbox/1.0"
    sandbox: Sandbox  # set on the subclass made by make_server

    # ------------------------------------------------------------------------------------------ plumbing

    def log_message(self, format, *args):  # quiet: tests and `make run` read only what matters
        pass

    def _send(self, status, body: bytes, content_type: str, headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, data, status=HTTPStatus.OK):
        self._send(status, json.dumps(data, ensure_ascii=False).encode(), "application/json; charset=utf-8")

    def _html(self, title: str, body: str, status=HTTPStatus.OK):
        page = (
            '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>body{{font-family:sans-serif;max-width:32rem;"
            "margin:2rem auto;padding:0 1rem}button{font-size:1.1rem;padding:.6rem 1.4rem;margin-right:1rem}"
            ".note{color:#a33}</style></head><body>"
            f'<p class="note">MÔI TRƯỜNG THỬ NGHIỆM — không có tiền thật được chuyển.</p>{body}</body></html>'
        )
        self._send(status, page.encode(), "text/html; charset=utf-8")

    def _redirect(self, url: str):
        self._send(HTTPStatus.FOUND, b"", "text/plain", {"Location": url})

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _query(self) -> dict:
        return dict(parse_qsl(urlsplit(self.path).query, keep_blank_values=True))

    def _form(self) -> dict:
        return dict(parse_qsl(self._body().decode(), keep_blank_values=True))

    def do_GET(self):
        path = urlsplit(self.path).path
        if path == "/_sandbox/health":
            return self._json({"ok": True})
        if path.startswith("/_sandbox/transactions/"):
            return self._show_transaction(path.rsplit("/", 1)[1])
        if path == "/paymentv2/vpcpay.html":
            return self._vnpay_page()
        if path.startswith("/dvcqg/thanhtoan/trang/"):
            return self._dvcqg_page(path.rsplit("/", 1)[1])
        if path == "/":
            # People open the address `make run` prints: tell them what this is instead of a bare 404.
            return self._html(
                "Cổng thanh toán thử nghiệm",
                "<h1>Cổng thanh toán thử nghiệm</h1><p>Đang chạy. Trang thanh toán mở ra khi anh/chị bấm "
                "“Thanh toán trực tuyến” trên trang hồ sơ của Cổng dịch vụ công.</p>",
            )
        self._json({"error": "not found"}, HTTPStatus.NOT_FOUND)

    def do_POST(self):
        path = urlsplit(self.path).path
        if path == "/_sandbox/config":
            return self._configure()
        if path.startswith("/_sandbox/transactions/") and path.endswith("/notify"):
            return self._renotify(path.split("/")[3])
        if path == "/paymentv2/confirm":
            return self._vnpay_confirm()
        if path == "/merchant_webapi/api/transaction":
            return self._vnpay_querydr()
        if path == "/dvcqg/thanhtoan/khoitao":
            return self._dvcqg_init()
        if path == "/dvcqg/thanhtoan/xacnhan":
            return self._dvcqg_confirm()
        if path == "/dvcqg/thanhtoan/truyvan":
            return self._dvcqg_query()
        self._json({"error": "not found"}, HTTPStatus.NOT_FOUND)

    # ------------------------------------------------------------------------------------------ control

    def _configure(self):
        changes = json.loads(self._body() or b"{}")
        with self.sandbox.lock:
            unknown = set(changes) - set(self.sandbox.config)
            if unknown:
                return self._json({"error": f"unknown settings {sorted(unknown)}"}, HTTPStatus.BAD_REQUEST)
            self.sandbox.config.update(changes)
            shown = {k: v for k, v in self.sandbox.config.items() if not k.endswith("secret")}
        self._json(shown)

    def _show_transaction(self, reference):
        transaction = self.sandbox.transactions.get(reference)
        if transaction is None:
            return self._json({"error": "unknown transaction"}, HTTPStatus.NOT_FOUND)
        self._json(transaction)

    def _renotify(self, reference):
        """Send the merchant the same notification again, as a gateway retrying would."""
        transaction = self.sandbox.transactions.get(reference)
        if transaction is None or transaction["status"] == "pending":
            return self._json({"error": "nothing to notify"}, HTTPStatus.NOT_FOUND)
        self._notify(transaction, force=True)
        self._json(transaction)

    def _notify(self, transaction, *, force=False):
        if self.sandbox.config["drop_ipn"] and not force:
            transaction["notifications"].append({"dropped": True})
            return
        if transaction["kind"] == "vnpay":
            url = f"{self.sandbox.config['ipn_url']}?{transaction['result_query']}"
            request = urllib.request.Request(url, method="GET")
        else:
            data = json.dumps(transaction["confirm_message"]).encode()
            request = urllib.request.Request(
                self.sandbox.config["dvcqg_confirm_url"],
                data=data,
                method="POST",
                headers={"Content-Type": "application/json"},
            )
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                answer = {"status": response.status, "body": json.loads(response.read() or b"null")}
        except urllib.error.HTTPError as error:
            answer = {"status": error.code, "body": error.read().decode(errors="replace")[:500]}
        except (OSError, ValueError) as error:
            answer = {"status": None, "error": str(error)}
        transaction["notifications"].append(answer)

    # ------------------------------------------------------------------------------------------ VNPay

    def _vnpay_page(self):
        params = self._query()
        config = self.sandbox.config
        expected = signing.vnpay_hash(params, config["vnpay_secret"])
        if params.get("vnp_SecureHash", "").lower() != expected:
            return self._html("Lỗi", "<h1>Sai chữ ký (mã lỗi 70)</h1>", HTTPStatus.BAD_REQUEST)
        if params.get("vnp_TmnCode") != config["tmn_code"] or params.get("vnp_Version") != "2.1.0":
            return self._html(
                "Lỗi", "<h1>Website chưa được phê duyệt (mã lỗi 02)</h1>", HTTPStatus.BAD_REQUEST
            )
        reference = params["vnp_TxnRef"]
        with self.sandbox.lock:
            transaction = self.sandbox.transactions.get(reference)
            if transaction is None:
                transaction = self.sandbox.transactions[reference] = {
                    "kind": "vnpay",
                    "reference": reference,
                    "status": "pending",
                    "request": params,
                    "notifications": [],
                }
        if transaction["status"] != "pending":
            return self._html("Lỗi", "<h1>Giao dịch đã được xử lý</h1>", HTTPStatus.CONFLICT)
        amount = int(params["vnp_Amount"]) // 100
        self._html(
            "Cổng thanh toán VNPAY (thử nghiệm)",
            f"<h1>Thanh toán trực tuyến</h1><p>Đơn vị: {html.escape(config['tmn_code'])}</p>"
            f"<p>Mã giao dịch: <strong>{html.escape(reference)}</strong></p>"
            f"<p>Nội dung: {html.escape(params.get('vnp_OrderInfo', ''))}</p>"
            f'<p>Số tiền: <strong id="amount">{_thousands(amount)} VND</strong></p>'
            '<form method="post" action="/paymentv2/confirm">'
            f'<input type="hidden" name="vnp_TxnRef" value="{html.escape(reference)}">'
            '<button name="action" value="pay" id="pay">Thanh toán</button>'
            '<button name="action" value="cancel" id="cancel">Hủy</button></form>',
        )

    def _vnpay_confirm(self):
        form = self._form()
        with self.sandbox.lock:
            transaction = self.sandbox.transactions.get(form.get("vnp_TxnRef", ""))
            if transaction is None or transaction["kind"] != "vnpay" or transaction["status"] != "pending":
                return self._html("Lỗi", "<h1>Không tìm thấy giao dịch</h1>", HTTPStatus.NOT_FOUND)
            paid = form.get("action") == "pay"
            transaction["status"] = "paid" if paid else "cancelled"
        request = transaction["request"]
        result = {
            "vnp_Amount": request["vnp_Amount"],
            "vnp_BankCode": "NCB",
            "vnp_BankTranNo": f"VNP{self.sandbox.next_transaction_no()}" if paid else "",
            "vnp_CardType": "ATM",
            "vnp_OrderInfo": request.get("vnp_OrderInfo", ""),
            "vnp_PayDate": _now_gmt7(),
            "vnp_ResponseCode": "00" if paid else "24",
            "vnp_TmnCode": request["vnp_TmnCode"],
            "vnp_TransactionNo": self.sandbox.next_transaction_no() if paid else "0",
            "vnp_TransactionStatus": "00" if paid else "02",
            "vnp_TxnRef": request["vnp_TxnRef"],
        }
        transaction["result"] = result
        transaction["result_query"] = signing.vnpay_signed_query(result, self.sandbox.config["vnpay_secret"])
        self._notify(transaction)
        return_url = request["vnp_ReturnUrl"]
        self._redirect(f"{return_url}{'&' if '?' in return_url else '?'}{transaction['result_query']}")

    def _vnpay_querydr(self):
        message = json.loads(self._body() or b"{}")
        config = self.sandbox.config
        secret = config["vnpay_secret"]
        answer = {
            "vnp_ResponseId": secrets.token_hex(16),
            "vnp_Command": "querydr",
            "vnp_TmnCode": config["tmn_code"],
            "vnp_TxnRef": message.get("vnp_TxnRef", ""),
        }
        expected = signing.vnpay_pipe_hash([message.get(f, "") for f in QUERYDR_REQUEST], secret)
        transaction = self.sandbox.transactions.get(message.get("vnp_TxnRef", ""))
        if message.get("vnp_SecureHash", "").lower() != expected:
            answer |= {"vnp_ResponseCode": "97", "vnp_Message": "Invalid Checksum"}
        elif transaction is None or transaction["kind"] != "vnpay":
            answer |= {"vnp_ResponseCode": "91", "vnp_Message": "Not found transaction"}
        elif transaction["status"] == "pending":
            request = transaction["request"]
            answer |= {
                "vnp_ResponseCode": "00",
                "vnp_Message": "QueryDR Success",
                "vnp_Amount": request["vnp_Amount"],
                "vnp_OrderInfo": request.get("vnp_OrderInfo", ""),
                "vnp_TransactionType": "01",
                "vnp_TransactionStatus": "01",
            }
        else:
            result = transaction["result"]
            answer |= {
                "vnp_ResponseCode": "00",
                "vnp_Message": "QueryDR Success",
                "vnp_Amount": result["vnp_Amount"],
                "vnp_BankCode": result["vnp_BankCode"],
                "vnp_PayDate": result["vnp_PayDate"],
                "vnp_TransactionNo": result["vnp_TransactionNo"],
                "vnp_TransactionType": "01",
                "vnp_TransactionStatus": result["vnp_TransactionStatus"],
                "vnp_OrderInfo": result["vnp_OrderInfo"],
            }
        answer["vnp_SecureHash"] = signing.vnpay_pipe_hash(
            [answer.get(f, "") for f in QUERYDR_ANSWER], secret
        )
        self._json(answer)

    # ------------------------------------------------------------------------------------------ DVCQG

    def _dvcqg_signed(self, message: dict, fields) -> dict:
        values = [message.get(f, "") for f in fields]
        return message | {"MaXacThuc": signing.dvcqg_mac(values, self.sandbox.config["dvcqg_secret"])}

    def _dvcqg_checked(self, message: dict, fields) -> bool:
        values = [message.get(f, "") for f in fields]
        expected = signing.dvcqg_mac(values, self.sandbox.config["dvcqg_secret"])
        return str(message.get("MaXacThuc", "")).lower() == expected

    def _dvcqg_init(self):
        message = json.loads(self._body() or b"{}")
        reference = str(message.get("MaGiaoDich", ""))
        failure, url = None, ""
        if not self._dvcqg_checked(message, DVCQG_INIT):
            failure = ("97", "Sai mã xác thực")
        elif message.get("MaDoiTac") != self.sandbox.config["dvcqg_partner"]:
            failure = ("02", "Đối tác chưa đăng ký")
        with self.sandbox.lock:
            if failure is None and reference in self.sandbox.transactions:
                failure = ("03", "Trùng mã giao dịch")
            if failure is None:
                token = secrets.token_urlsafe(12)
                url = f"http://{self.headers.get('Host', '127.0.0.1')}/dvcqg/thanhtoan/trang/{token}"
                self.sandbox.transactions[reference] = {
                    "kind": "dvcqg",
                    "reference": reference,
                    "token": token,
                    "status": "pending",
                    "request": message,
                    "notifications": [],
                }
        code, text = failure or ("00", "Thành công")
        answer = {"MaLoi": code, "MoTaLoi": text, "MaGiaoDich": reference, "UrlThanhToan": url}
        self._json(self._dvcqg_signed(answer, DVCQG_INIT_ANSWER))

    def _dvcqg_find(self, token):
        return next(
            (
                t
                for t in self.sandbox.transactions.values()
                if t["kind"] == "dvcqg" and t.get("token") == token
            ),
            None,
        )

    def _dvcqg_page(self, token):
        transaction = self._dvcqg_find(token)
        if transaction is None or transaction["status"] != "pending":
            return self._html("Lỗi", "<h1>Không tìm thấy giao dịch</h1>", HTTPStatus.NOT_FOUND)
        request = transaction["request"]
        self._html(
            "Nền tảng thanh toán Cổng DVCQG (thử nghiệm)",
            "<h1>Thanh toán phí, lệ phí</h1>"
            f"<p>Hồ sơ: <strong>{html.escape(str(request.get('MaHoSo', '')))}</strong></p>"
            f"<p>Nội dung: {html.escape(str(request.get('NoiDung', '')))}</p>"
            f'<p>Số tiền: <strong id="amount">{_thousands(int(request["SoTien"]))} đồng</strong></p>'
            '<form method="post" action="/dvcqg/thanhtoan/xacnhan">'
            f'<input type="hidden" name="token" value="{html.escape(token)}">'
            '<button name="action" value="pay" id="pay">Thanh toán</button>'
            '<button name="action" value="cancel" id="cancel">Hủy</button></form>',
        )

    def _dvcqg_confirm(self):
        form = self._form()
        with self.sandbox.lock:
            transaction = self._dvcqg_find(form.get("token", ""))
            if transaction is None or transaction["status"] != "pending":
                return self._html("Lỗi", "<h1>Không tìm thấy giao dịch</h1>", HTTPStatus.NOT_FOUND)
            paid = form.get("action") == "pay"
            transaction["status"] = "paid" if paid else "failed"
        request = transaction["request"]
        state = DVCQG_PAID if paid else DVCQG_FAILED
        transaction["platform_no"] = f"DVC{self.sandbox.next_transaction_no()}"
        transaction["paid_at"] = _now_gmt7()
        transaction["confirm_message"] = self._dvcqg_signed(
            {
                "MaDoiTac": request["MaDoiTac"],
                "MaGiaoDich": request["MaGiaoDich"],
                "MaGiaoDichCong": transaction["platform_no"],
                "SoTien": request["SoTien"],
                "TrangThai": state,
                "ThoiGianThanhToan": transaction["paid_at"],
            },
            DVCQG_CONFIRM,
        )
        self._notify(transaction)
        back = self._dvcqg_signed(
            {"MaGiaoDich": request["MaGiaoDich"], "TrangThai": state, "SoTien": request["SoTien"]},
            DVCQG_RETURN,
        )
        query = "&".join(f"{k}={urllib.parse.quote_plus(str(v))}" for k, v in back.items())
        return_url = request["UrlTraVe"]
        self._redirect(f"{return_url}{'&' if '?' in return_url else '?'}{query}")

    def _dvcqg_query(self):
        message = json.loads(self._body() or b"{}")
        reference = str(message.get("MaGiaoDich", ""))
        transaction = self.sandbox.transactions.get(reference)
        if not self._dvcqg_checked(message, DVCQG_QUERY):
            answer = {"MaLoi": "97", "MaGiaoDich": reference}
        elif transaction is None or transaction["kind"] != "dvcqg":
            answer = {"MaLoi": "01", "MaGiaoDich": reference}
        else:
            state = {"pending": DVCQG_PENDING, "paid": DVCQG_PAID}.get(transaction["status"], DVCQG_FAILED)
            answer = {
                "MaLoi": "00",
                "MaGiaoDich": reference,
                "TrangThai": state,
                "SoTien": transaction["request"]["SoTien"],
                "MaGiaoDichCong": transaction.get("platform_no", ""),
                "ThoiGianThanhToan": transaction.get("paid_at", ""),
            }
        self._json(self._dvcqg_signed(answer, DVCQG_QUERY_ANSWER))


def make_server(host: str, port: int, sandbox: Sandbox) -> ThreadingHTTPServer:
    handler = type("SandboxHandler", (Handler,), {"sandbox": sandbox})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server
