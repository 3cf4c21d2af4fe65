"""Real file contents for upload tests: a minimal valid PDF, PNG and JPEG, and an executable in disguise."""

from django.core.files.uploadedfile import SimpleUploadedFile

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000100ffff03000006000557bfabd40000000049454e44ae426082"
)
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
EXE_BYTES = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 64
    + b"This program cannot be run in DOS mode"
)


def pdf(name="to-khai.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def png(name="anh-chup.png"):
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def exe_renamed_pdf(name="giay-to.pdf"):
    return SimpleUploadedFile(name, EXE_BYTES, content_type="application/pdf")


def oversize_pdf(size, name="qua-lon.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES + b"0" * size, content_type="application/pdf")
