from motcua.config.env import env_int, env_str

from .base import PACKAGE_DIR, PROJECT_DIR, VAR_DIR

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Site-wide assets live beside the templates, outside any one app.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Uploaded papers are never served from a public URL: every download goes through a permission check.
MEDIA_ROOT = env_str("MEDIA_ROOT", str(VAR_DIR / "media"))
MEDIA_URL = "/media-not-public/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Largest accepted attachment (bytes); scans of a few pages fit well under 10 MB.
MOTCUA_MAX_UPLOAD_BYTES = env_int("MOTCUA_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

SHARED_DIR = PROJECT_DIR.parent / "shared"
WHITENOISE_USE_FINDERS = True
