"""Generated idempotency keys are random version-4 UUIDs, never repeated across threads or forks."""

from __future__ import annotations

import os
import sys
import threading
import uuid

import pytest

from paywire import Idempotency
from paywire._keys import random_uuid


def test_keys_are_version_4_uuids_in_canonical_form() -> None:
    for _ in range(2000):  # several refills of the buffer
        key = random_uuid()
        parsed = uuid.UUID(key)
        assert (parsed.version, parsed.variant) == (4, uuid.RFC_4122)
        assert str(parsed) == key


def test_keys_do_not_repeat_and_use_every_random_digit() -> None:
    keys = [random_uuid() for _ in range(20_000)]
    assert len(set(keys)) == len(keys)
    # The 30 random hex digits each take all 16 values; the fixed ones do not vary.
    for position in range(36):
        seen = {key[position] for key in keys}
        if position in (8, 13, 18, 23):
            assert seen == {"-"}
        elif position == 14:
            assert seen == {"4"}
        elif position == 19:
            assert seen == set("89ab")
        else:
            assert len(seen) == 16, position


def test_threads_never_share_a_key() -> None:
    results: list[list[str]] = [[] for _ in range(8)]

    def draw(out: list[str]) -> None:
        out.extend(random_uuid() for _ in range(3000))

    threads = [threading.Thread(target=draw, args=(out,)) for out in results]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    keys = [k for out in results for k in out]
    assert len(set(keys)) == len(keys) == 24_000


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="needs os.fork")
def test_a_forked_child_draws_other_keys_than_its_parent() -> None:
    random_uuid()  # the parent's buffer is filled: the child inherits it
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.write(write, " ".join(random_uuid() for _ in range(10)).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        child = pipe.read().split()
    os.waitpid(pid, 0)
    parent = [random_uuid() for _ in range(10)]
    assert len(child) == 10
    assert not set(child) & set(parent)


def test_new_key_fits_the_declared_length() -> None:
    assert len(Idempotency("header", "Idempotency-Key", 255).new_key()) == 36
    short = Idempotency("body", "reference", 20).new_key()
    assert len(short) == 20 and "-" not in short
