"""Run one step in a forked process while this one goes on (attach saves the workbook
while pyxform converts it: two cores, about a third less time on large hosts)."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def in_background(step: Callable[[], T]) -> Callable[[], T]:
    """Start `step` in a forked child; the function returned waits for its result. Without
    `fork`, or if the child fails, the step runs here instead, so the result is the same."""
    if not hasattr(os, "fork"):
        value = step()
        return lambda: value
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, leave without running any exit handler
        try:
            os.close(read)
            try:
                data = pickle.dumps(step(), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:  # the parent runs the step itself
                data = b""
            with os.fdopen(write, "wb") as fh:
                fh.write(data)
        finally:  # never return into the parent's code, even if the parent is gone
            os._exit(0)
    os.close(write)

    def result() -> T:
        with os.fdopen(read, "rb") as fh:
            data = fh.read()
        os.waitpid(pid, 0)
        if not data:
            return step()
        value: T = pickle.loads(data)  # our own child's bytes
        return value
    return result
