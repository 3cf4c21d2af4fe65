"""Real HTTP servers on loopback standing in for outside services, started by the tests.

`JsonServer` is a threaded http.server answering JSON; `FakeNationalPortal` is the DVCQG side: it checks every
field and type of what it receives, independently of our payload code, and can be told to fail.
"""

import hashlib
import hmac
import json
import re
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_TIMESTAMP = re.compile(r"^\d{14}$")


class JsonServer:
    """A JSON HTTP server in a thread. Subclasses implement `answer(method, path, body, headers)`."""

    def __init__(self):
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self, method):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = raw
                with server.lock:
                    status, answer = server.answer(method, self.path, body, self.headers)
                data = json.dumps(answer, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                self._serve("POST")

            def do_GET(self):
                self._serve("GET")

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def answer(self, method, path, body, headers):
        raise NotImplementedError

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


def post_signed(url: str, payload, *, secret: str, header: str) -> tuple[int, dict]:
    """What an outside service does to call us back: POST JSON signed with the shared secret."""
    body = json.dumps(payload, ensure_ascii=False).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json", header: signature}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


# ---------------------------------------------------------------------------------------------- the portal

_STR, _INT, _DATE, _OPTIONAL_DATE, _LIST = "str", "int", "date", "optional date", "list"

DOSSIER_FIELDS = {
    "MaHoSo": _STR,
    "MaTTHC": _STR,
    "TenTTHC": _STR,
    "MaLinhVuc": _STR,
    "KenhThucHien": _INT,
    "ChuHoSo": _STR,
    "LoaiDoiTuong": _INT,
    "SoGiayToChuHoSo": _STR,
    "Email": _STR,
    "SoDienThoai": _STR,
    "TrichYeuHoSo": _STR,
    "NgayNopHoSo": _DATE,
    "NgayTiepNhan": _OPTIONAL_DATE,
    "NgayHenTra": _OPTIONAL_DATE,
    "NgayTra": _OPTIONAL_DATE,
    "NgayKetThucXuLy": _OPTIONAL_DATE,
    "NgayTuChoi": _OPTIONAL_DATE,
    "TrangThaiHoSo": _INT,
    "HinhThuc": _INT,
    "DonViXuLy": _STR,
    "HoSoCoThanhPhanSoHoa": _INT,
    "DuocThanhToanTrucTuyen": _INT,
    "TaiLieuNop": _LIST,
    "DanhSachLePhi": _LIST,
    "DanhSachHoSoBoSung": _LIST,
    "DanhSachGiayToKetQua": _LIST,
}
PROGRESS_FIELDS = {
    "MaHoSo": _STR,
    "NguoiXuLy": _STR,
    "ChucDanh": _STR,
    "ThoiDiemXuLy": _DATE,
    "PhongBanXuLy": _STR,
    "NoiDungXuLy": _STR,
    "TrangThai": _INT,
    "NgayBatDau": _DATE,
    "NgayKetThucTheoQuyDinh": _OPTIONAL_DATE,
}
_RANGES = {
    "KenhThucHien": {1, 2, 3},
    "LoaiDoiTuong": {1, 2, 3, 4},
    "TrangThaiHoSo": set(range(1, 11)),
    "TrangThai": set(range(1, 11)),
    "HinhThuc": {0, 1},
    "HoSoCoThanhPhanSoHoa": {0, 1},
    "DuocThanhToanTrucTuyen": {0, 1},
}
_NON_EMPTY = {
    "MaHoSo",
    "MaTTHC",
    "TenTTHC",
    "ChuHoSo",
    "SoGiayToChuHoSo",
    "DonViXuLy",
    "NguoiXuLy",
    "NoiDungXuLy",
}


def field_errors(payload, fields: dict) -> list[str]:
    if not isinstance(payload, dict):
        return ["payload is not an object"]
    errors = [f"missing {name}" for name in fields if name not in payload]
    errors += [f"unexpected {name}" for name in payload if name not in fields]
    for name, kind in fields.items():
        if name not in payload:
            continue
        value = payload[name]
        if kind == _STR and not isinstance(value, str):
            errors.append(f"{name} is not a string")
        elif kind == _INT and type(value) is not int:
            errors.append(f"{name} is not an integer")
        elif kind == _DATE and not (isinstance(value, str) and _TIMESTAMP.match(value)):
            errors.append(f"{name} is not yyyyMMddHHmmss")
        elif (
            kind == _OPTIONAL_DATE
            and value is not None
            and not (isinstance(value, str) and _TIMESTAMP.match(value))
        ):
            errors.append(f"{name} is neither null nor yyyyMMddHHmmss")
        elif kind == _LIST and not (isinstance(value, list) and all(isinstance(i, dict) for i in value)):
            errors.append(f"{name} is not a list of objects")
        if name in _RANGES and value not in _RANGES[name]:
            errors.append(f"{name}={value!r} out of range")
        if name in _NON_EMPTY and isinstance(value, str) and not value.strip():
            errors.append(f"{name} is empty")
    return errors


def dossier_errors(payload) -> list[str]:
    errors = field_errors(payload, DOSSIER_FIELDS)
    if errors:
        return errors
    status = payload["TrangThaiHoSo"]
    if status >= 2 and status != 3 and payload["NgayTiepNhan"] is None:
        errors.append("received dossier without NgayTiepNhan")
    if status == 3 and payload["NgayTuChoi"] is None:
        errors.append("refused dossier without NgayTuChoi")
    if status == 10 and payload["NgayTra"] is None:
        errors.append("returned dossier without NgayTra")
    if status in (9, 10) and payload["NgayKetThucXuLy"] is None:
        errors.append("finished dossier without NgayKetThucXuLy")
    return errors


class FakeNationalPortal(JsonServer):
    """Cổng DVCQG on loopback: `accepted` holds what it stored, in order; `invalid` what it had to reject."""

    def __init__(self, *, token: str = ""):
        super().__init__()
        self.token = token
        self.failures: list[str] = []  # consumed one per call: "http500" or "error_code"
        self.refuse_codes: set[str] = set()  # MaHoSo the portal keeps refusing
        self.accepted: list[tuple[str, dict]] = []
        self.invalid: list[tuple[str, list[str]]] = []
        self.calls = 0

    def fail_next(self, count: int, mode: str = "http500") -> None:
        self.failures.extend([mode] * count)

    def answer(self, method, path, body, headers):
        self.calls += 1
        if self.token and headers.get("Authorization") != f"Bearer {self.token}":
            return 401, {"error_code": 401, "message": "unauthorised"}
        kind = {"/dong-bo-ho-so": "dossier", "/cap-nhat-tien-do": "progress"}.get(path)
        if method != "POST" or kind is None:
            return 404, {"error_code": 404, "message": "not found"}
        errors = dossier_errors(body) if kind == "dossier" else field_errors(body, PROGRESS_FIELDS)
        if errors:
            self.invalid.append((kind, errors))
            return 400, {"error_code": 1, "message": "; ".join(errors)}
        if self.failures:
            mode = self.failures.pop(0)
            if mode == "http500":
                return 500, {"message": "Internal Server Error"}
            return 200, {"error_code": 99, "message": "Hệ thống đang bận"}
        if body["MaHoSo"] in self.refuse_codes:
            return 200, {"error_code": 2, "message": "Hồ sơ bị khóa đồng bộ"}
        self.accepted.append((kind, body))
        return 200, {"error_code": 0, "message": "Thành công", "id": f"DB{len(self.accepted):06d}"}
