"""A tiny asyncio HTTP/1.1 keep-alive server for smoke runs: every request gets the customer JSON.

Usage: ``python bench/pyserver.py PORT [LIFETIME_SECONDS]``; binds 127.0.0.1 only and exits by
itself after LIFETIME_SECONDS (default 600) in case the bench that started it died.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from servers import CUSTOMER_JSON

BODY = CUSTOMER_JSON.encode()
REPLY = (
    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nrequest-id: req_bench\r\n"
    + f"content-length: {len(BODY)}\r\n\r\n".encode()
    + BODY
)


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
            writer.write(REPLY)
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
