"""Local reply servers for the bench: nginx (full runs) or a small Python loopback server (smoke).

Both bind 127.0.0.1 on a free port, answer ``POST /v1/customers`` with the same static
Stripe-like customer object, keep connections alive, and are stopped by the bench.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["CUSTOMER_JSON", "LOGIN_JSON", "Server", "start_nginx", "start_python"]

CUSTOMER_JSON = (
    '{"id": "cus_Bench0000000001", "object": "customer", "address": null, "balance": 0, '
    '"created": 1700000000, "currency": null, "default_source": null, "delinquent": false, '
    '"description": null, "discount": null, "email": "jane@example.com", "invoice_prefix": "B3NCH01", '
    '"invoice_settings": {"custom_fields": null, "default_payment_method": null, "footer": null, '
    '"rendering_options": null}, "livemode": false, "metadata": {"paywire_merchant_customer_id": "user_42"}, '
    '"name": "Jane Roe", "next_invoice_sequence": 1, "phone": null, "preferred_locales": [], '
    '"shipping": null, "tax_exempt": "none", "test_clock": null}'
)

LOGIN_JSON = '{"token": "tok_bench_0000000000000000000000000000", "expires_in": 1800}'
"""The reply to ``POST /v1/login``: a token for the token-exchange bench connector."""

_NGINX_CONF = """\
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 8192; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    keepalive_requests 10000000;
    keepalive_timeout 120s;
    server {{
        listen 127.0.0.1:{port} backlog=4096;
        location = /v1/customers {{
            default_type application/json;
            add_header Request-Id req_bench;
            return 200 '{body}';
        }}
        location = /v1/login {{
            default_type application/json;
            return 201 '{login}';
        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait(port: int, proc: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"{what} did not start listening on 127.0.0.1:{port}")


class Server:
    """A started server: ``url`` to post to; ``stop()`` ends it (also on context exit)."""

    def __init__(self, kind: str, url: str, proc: subprocess.Popen[bytes], tmp: str | None = None) -> None:
        self.kind, self.url, self._proc, self._tmp = kind, url, proc, tmp

    def stop(self) -> None:
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def start_nginx() -> Server:
    """nginx with a config in a temp dir on a free port; RuntimeError if nginx is not installed."""
    binary = nginx_binary()
    if binary is None:
        raise RuntimeError(
            "nginx not found: install it (`apt-get install -y nginx-light`) or run `python bench/run.py --smoke`"
        )
    tmp = tempfile.mkdtemp(prefix="paywire-bench-nginx-")
    port = free_port()
    conf = Path(tmp, "nginx.conf")
    conf.write_text(_NGINX_CONF.format(tmp=tmp, port=port, body=CUSTOMER_JSON, login=LOGIN_JSON))
    proc = subprocess.Popen(
        [binary, "-p", tmp, "-e", f"{tmp}/error.log", "-c", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait(port, proc, "nginx")
    return Server("nginx", f"http://127.0.0.1:{port}", proc, tmp)


def start_python() -> Server:
    """The fallback: ``bench/pyserver.py`` in its own process (so it does not share our GIL)."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("pyserver.py")), str(port)], stdout=subprocess.DEVNULL
    )
    _wait(port, proc, "python loopback server")
    return Server("python", f"http://127.0.0.1:{port}", proc)
