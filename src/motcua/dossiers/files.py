"""Checks on uploaded papers: the type is read from the content, never from the file name."""

import hashlib

import filetype

ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
}


class UploadRejected(ValueError):
    """The file cannot be accepted; the message is shown to the user as is."""


def sniff_content_type(head: bytes) -> str | None:
    kind = filetype.guess(head)
    return kind.mime if kind else None


def check_upload(uploaded_file, *, max_bytes: int) -> tuple[str, str]:
    """Return (content type, sha256) of an acceptable upload, or raise UploadRejected in Vietnamese."""
    name = uploaded_file.name
    if uploaded_file.size == 0:
        raise UploadRejected(f"Tệp “{name}” rỗng.")
    if uploaded_file.size > max_bytes:
        raise UploadRejected(
            f"Tệp “{name}” có dung lượng {uploaded_file.size / 1048576:.1f} MB, vượt quá giới hạn "
            f"{max_bytes / 1048576:.0f} MB. Vui lòng chụp/quét lại với độ phân giải thấp hơn."
        )
    uploaded_file.seek(0)
    head = uploaded_file.read(8192)
    content_type = sniff_content_type(head)
    if content_type not in ALLOWED_TYPES:
        raise UploadRejected(
            f"Tệp “{name}” không phải PDF, JPEG hoặc PNG (nội dung tệp không đúng định dạng). "
            "Vui lòng chọn tệp PDF hoặc ảnh chụp giấy tờ."
        )
    digest = hashlib.sha256(head)
    for chunk in iter(lambda: uploaded_file.read(65536), b""):
        digest.update(chunk)
    uploaded_file.seek(0)
    return content_type, digest.hexdigest()
