"""Real servers on loopback for the notification channels: an SMTP server (aiosmtpd) and one HTTP server playing
a brand-name SMS gateway and Zalo's Official Account API, each recording what it received."""

import json
import logging
import socket
import threading
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from aiosmtpd.controller import Controller

SMS_API_KEY = "sms-test-key"
ZALO_APP_ID = "zalo-app-1"
ZALO_APP_SECRET = "zalo-secret"
ZALO_TOKEN_EXPIRED = -124

# aiosmtpd logs every SMTP command at INFO.
logging.getLogger("mail.log").setLevel(logging.WARNING)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpSink:
    """An SMTP server that keeps every message; stop() and start() again on the same port make an outage."""

    def __init__(self):
        self.port = free_port()
        self.messages = []
        self._controller = None

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def start(self):
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def message_ids(self) -> list[str]:
        return [message["Message-ID"] for message in self.messages]


class Providers:
    """State of the fake SMS gateway and Zalo API, shared with the request handler threads."""

    def __init__(self):
        self.lock = threading.Lock()
        # SMS gateway: every request, and the accepted messages by Idempotency-Key (a repeat is not a new SMS).
        self.sms_requests: list[dict] = []
        self.sms_accepted: dict[str, str] = {}
        self.sms_answer_statuses: list[int] = []  # answered first, one per request (e.g. 503, 503)
        self.sms_always_status: int | None = None
        self.sms_delay = 0.0
        self.sms_hold_request: int | None = None  # this request (1-based) waits until `release` is set
        self.held = threading.Event()
        self.release = threading.Event()
        # Zalo: the current token pair; `access_token = None` means the OA token has expired.
        self.access_token: str | None = "access-1"
        self.refresh_token = "refresh-1"
        self.refreshes = 0
        self.zns_requests: list[dict] = []

    def expire_access_token(self):
        with self.lock:
            self.access_token = None

    def sms_keys_requested(self) -> list[str]:
        return [request["headers"]["Idempotency-Key"] for request in self.sms_requests]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _answer(self, status: int, payload: dict):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        providers: Providers = self.server.providers
        if self.path == "/sms/send":
            self._sms(providers, json.loads(raw))
        elif self.path == "/message/template":
            self._zns(providers, json.loads(raw))
        elif self.path == "/oa/access_token":
            self._refresh(providers, {k: v[0] for k, v in parse_qs(raw.decode()).items()})
        else:
            self._answer(404, {"error": "not found"})

    def _sms(self, providers: Providers, payload: dict):
        if self.headers.get("X-Api-Key") != SMS_API_KEY:
            return self._answer(401, {"error": "bad api key"})
        with providers.lock:
            providers.sms_requests.append({"headers": dict(self.headers), "json": payload})
            number = len(providers.sms_requests)
            status = providers.sms_answer_statuses.pop(0) if providers.sms_answer_statuses else None
            status = status or providers.sms_always_status
        if number == providers.sms_hold_request:
            providers.held.set()
            providers.release.wait(timeout=30)
        if providers.sms_delay:
            threading.Event().wait(providers.sms_delay)
        if status:
            return self._answer(status, {"error": f"status {status}"})
        with providers.lock:
            key = self.headers["Idempotency-Key"]
            message_id = providers.sms_accepted.setdefault(key, f"sms-{len(providers.sms_accepted) + 1}")
        self._answer(200, {"message_id": message_id})

    def _zns(self, providers: Providers, payload: dict):
        with providers.lock:
            if providers.access_token is None or self.headers.get("access_token") != providers.access_token:
                return self._answer(200, {"error": ZALO_TOKEN_EXPIRED, "message": "Access token is invalid"})
            providers.zns_requests.append(payload)
            number = len(providers.zns_requests)
        self._answer(200, {"error": 0, "message": "Success", "data": {"msg_id": f"zns-{number}"}})

    def _refresh(self, providers: Providers, form: dict):
        with providers.lock:
            if (
                self.headers.get("secret_key") != ZALO_APP_SECRET
                or form.get("app_id") != ZALO_APP_ID
                or form.get("grant_type") != "refresh_token"
                or form.get("refresh_token") != providers.refresh_token
            ):
                return self._answer(200, {"error": -14014, "error_name": "Invalid refresh token"})
            providers.refreshes += 1
            # Zalo's refresh tokens are single-use: each refresh hands out a new pair.
            providers.access_token = f"access-{providers.refreshes + 1}"
            providers.refresh_token = f"refresh-{providers.refreshes + 1}"
            answer = {
                "access_token": providers.access_token,
                "refresh_token": providers.refresh_token,
                "expires_in": "90000",
            }
        self._answer(200, answer)


class ProviderServer:
    def __init__(self):
        self.providers = Providers()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.providers = self.providers
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    def start(self):
        self._thread.start()

    def stop(self):
        self.providers.release.set()
        self._server.shutdown()
        self._server.server_close()
