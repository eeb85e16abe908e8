"""Where uploads and generated files live: the local disk (MEDIA_ROOT) by default, or an S3-compatible object store
when CONCERTO_S3_BUCKET is set, so that several app nodes share them (docs/scaling.md). Every write goes through
Django's storage API (`concerto/core/storage.py` encrypts personal files on top of this backend)."""

from collections.abc import Mapping

S3_BACKEND = "storages.backends.s3.S3Storage"
FILESYSTEM_BACKEND = "django.core.files.storage.FileSystemStorage"

# CONCERTO_S3_<name> → S3Storage option. Without keys, boto3 looks in its usual places (AWS_* variables, instance role).
S3_OPTIONS = {
    "ENDPOINT_URL": "endpoint_url",  # e.g. https://s3.fr-par.scw.cloud, https://s3.gra.io.cloud.ovh.net, MinIO
    "REGION": "region_name",
    "ACCESS_KEY_ID": "access_key",
    "SECRET_ACCESS_KEY": "secret_key",
    "PREFIX": "location",  # a folder inside the bucket, when the bucket is shared
}


def default_storage(environ: Mapping[str, str]) -> dict:
    """The `STORAGES["default"]` entry for this environment."""
    bucket = environ.get("CONCERTO_S3_BUCKET", "").strip()
    if not bucket:
        return {"BACKEND": FILESYSTEM_BACKEND}
    options = {
        "bucket_name": bucket,
        # Never replace an object by a later upload of the same name (the disk's behaviour: a new name instead).
        "file_overwrite": False,
        # The bucket stays private: files are served by Concerto's checked views, never by a bucket URL.
        "querystring_auth": True,
        "default_acl": None,
    }
    for name, option in S3_OPTIONS.items():
        value = environ.get(f"CONCERTO_S3_{name}", "").strip()
        if value:
            options[option] = value
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}
