"""Idempotent requests: the `Idempotency-Key` header (IETF draft-ietf-httpapi-idempotency-key-header).

The same key with the same request gives the first answer again and nothing is done twice; the same key
while the first request is still running gives 409; the same key with a different request gives 422.
Only successful answers (2xx) are kept: after a refusal the client may correct the request and retry with
the same key. The work and the stored answer commit together, so a crash never leaves work done with no
answer to replay; a claim left behind by a crashed worker is taken over after `STALE_AFTER`.

Framework-free on purpose: `api/idempotency.py` adapts it to DRF, a portal form can use it with a hidden key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.core.models import IdempotencyRecord

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
STALE_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any


class KeyInFlight(Exception):
    """The first request with this key has not finished yet (answer 409)."""


class KeyReused(Exception):
    """This key came with a different request before (answer 422)."""


def is_valid_key(key: str) -> bool:
    return 0 < len(key) <= MAX_KEY_LENGTH and key.isprintable()


def _file_digest(upload: UploadedFile) -> dict:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return {"file": upload.name, "size": upload.size, "sha256": digest.hexdigest()}


def _canonical(value):
    if isinstance(value, UploadedFile):
        return _file_digest(value)
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return value if value is None or isinstance(value, bool | int | float) else str(value)


def request_fingerprint(*, method: str, path: str, data) -> str:
    """SHA-256 of the request as parsed: form fields in any order, files by content, so a retried multipart
    upload (new boundary, same fields) matches its first try."""
    if hasattr(data, "lists"):  # QueryDict: a name may repeat
        data = dict(data.lists())
    canonical = json.dumps(
        {"method": method.upper(), "path": path, "data": _canonical(data)}, sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _claim(*, scope: str, owner: str, key: str, fingerprint: str) -> tuple[IdempotencyRecord, Answer | None]:
    """The record to work under, or the stored answer to replay."""
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(
                scope=scope, owner=owner, key=key, fingerprint=fingerprint
            )
        return record, None
    except IntegrityError:
        record = IdempotencyRecord.objects.get(scope=scope, owner=owner, key=key)
    if record.fingerprint != fingerprint:
        raise KeyReused
    if record.state == IdempotencyRecord.State.DONE:
        return record, Answer(record.response_status, record.response_body)
    now = timezone.now()
    taken_over = IdempotencyRecord.objects.filter(
        pk=record.pk, state=IdempotencyRecord.State.IN_FLIGHT, updated_at__lt=now - STALE_AFTER
    ).update(updated_at=now)
    if not taken_over:
        raise KeyInFlight
    return record, None


def run_once(
    *, scope: str, owner: str, key: str, fingerprint: str, run: Callable[[], Answer]
) -> tuple[Answer, bool]:
    """Run `run` once for (scope, owner, key). Returns the answer and whether it is a replay."""
    record, stored = _claim(scope=scope, owner=owner, key=key, fingerprint=fingerprint)
    if stored is not None:
        return stored, True
    try:
        with transaction.atomic():
            answer = run()
            if 200 <= answer.status < 300:
                IdempotencyRecord.objects.filter(pk=record.pk).update(
                    state=IdempotencyRecord.State.DONE,
                    response_status=answer.status,
                    response_body=answer.body,
                    updated_at=timezone.now(),
                )
                return answer, False
    except BaseException:
        IdempotencyRecord.objects.filter(pk=record.pk, state=IdempotencyRecord.State.IN_FLIGHT).delete()
        raise
    IdempotencyRecord.objects.filter(pk=record.pk).delete()
    return answer, False
