"""Optional virus scan of uploads through a clamd daemon (CLAMD_SOCKET=/run/clamav/clamd.ctl), using clamd's
INSTREAM command. Without the setting, uploads are only checked by type and size."""

import socket
import struct

from django.conf import settings

CHUNK = 64 * 1024


class VirusFound(Exception):
    pass


def scan(upload) -> None:
    """Raises VirusFound when clamd reports the file infected; does nothing when no clamd is configured."""
    path = getattr(settings, "CLAMD_SOCKET", "")
    if not path:
        return
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(30)
        client.connect(path)
        client.sendall(b"zINSTREAM\0")
        upload.seek(0)
        while chunk := upload.read(CHUNK):
            client.sendall(struct.pack("!L", len(chunk)) + chunk)
        client.sendall(struct.pack("!L", 0))
        answer = b""
        while not answer.endswith(b"\0"):
            data = client.recv(4096)
            if not data:
                break
            answer += data
    upload.seek(0)
    if b"FOUND" in answer:
        raise VirusFound(answer.decode(errors="replace").strip("\0"))
