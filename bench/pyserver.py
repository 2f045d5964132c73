"""A tiny asyncio HTTP/1.1 keep-alive server for smoke runs: ``POST /v1/login`` gets the login
reply, every other request the customer JSON.

Usage: ``python bench/pyserver.py PORT [LIFETIME_SECONDS]``; binds 127.0.0.1 only and exits by
itself after LIFETIME_SECONDS (default 600) in case the bench that started it died.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from servers import CUSTOMER_JSON, LOGIN_JSON


def _reply(status: bytes, body: bytes) -> bytes:
    return (
        b"HTTP/1.1 "
        + status
        + b"\r\ncontent-type: application/json\r\nrequest-id: req_bench\r\n"
        + f"content-length: {len(body)}\r\n\r\n".encode()
        + body
    )


REPLY = _reply(b"200 OK", CUSTOMER_JSON.encode())
LOGIN = _reply(b"201 Created", LOGIN_JSON.encode())


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            if length:
                await reader.readexactly(length)
            writer.write(LOGIN if head.startswith(b"POST /v1/login ") else REPLY)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
        pass
    finally:
        writer.close()


async def main(port: int, lifetime: float) -> None:
    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=4096)
    async with server:
        await asyncio.sleep(lifetime)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) > 2 else 600.0))
