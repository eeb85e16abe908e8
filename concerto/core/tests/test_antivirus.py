import socket
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from concerto.situations.forms import MultipleFileField
from concerto.situations.tests.factories import PDF


def fake_clamd(path, answer: bytes):
    """A minimal clamd speaking INSTREAM on a Unix socket, answering `answer` once the stream ends."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)

    def serve():
        connection, _ = server.accept()
        with connection:
            received = b""
            while not received.endswith(b"\0\0\0\0"):
                received += connection.recv(65536)
            connection.sendall(answer)
        server.close()

    threading.Thread(target=serve, daemon=True).start()


@pytest.mark.parametrize(("answer", "accepted"), [(b"stream: OK\0", True), (b"stream: Eicar-Signature FOUND\0", False)])
def test_uploads_go_through_clamd_when_configured(tmp_path, settings, answer, accepted):
    path = tmp_path / "clamd.ctl"
    fake_clamd(path, answer)
    settings.CLAMD_SOCKET = str(path)
    field = MultipleFileField(required=False)
    upload = SimpleUploadedFile("rapport.pdf", PDF, content_type="application/pdf")
    if accepted:
        assert field.clean([upload])[0][1] == "application/pdf"
    else:
        with pytest.raises(Exception, match="antivirus"):
            field.clean([upload])
