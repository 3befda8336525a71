"""Runs user code as ``main.py`` and reports how it ended.

Loaded once per interpreter by ``worker/runtime.ts``. Every exception, even
``SystemExit`` and ``KeyboardInterrupt``, is caught here and returned as data:
a run must never take the interpreter down with it.
"""

import io
import sys
import traceback

from pyodide.code import eval_code_async

USER_FILE = "main.py"
REPR_LIMIT = 10_000

STDIN_MESSAGE = (
    "stdin is not available: this code runs without a keyboard. "
    "Put the input in the code or read it from a file instead."
)


class _NoStdin(io.TextIOBase):
    """A stdin that fails at once, so ``input()`` can never hang the run."""

    def readable(self):
        return True

    def read(self, size=-1):
        raise EOFError(STDIN_MESSAGE)

    def readline(self, size=-1):
        raise EOFError(STDIN_MESSAGE)

    def fileno(self):
        raise io.UnsupportedOperation(STDIN_MESSAGE)


def install_stdin():
    sys.stdin = sys.__stdin__ = _NoStdin()


def new_namespace():
    return {"__name__": "__main__", "__file__": USER_FILE, "__builtins__": __builtins__}


def _safe_repr(value):
    try:
        text = repr(value)
    except BaseException as error:  # a broken __repr__ must not fail a run that succeeded
        return f"<repr failed: {type(error).__name__}>"
    if len(text) > REPR_LIMIT:
        return text[:REPR_LIMIT] + f"... [{len(text) - REPR_LIMIT:,} more characters]"
    return text


async def run(code, namespace):
    """Returns ``{"ok": True, "display": repr-or-None}`` or ``{"ok": False, type, message, traceback}``."""
    try:
        value = await eval_code_async(code, namespace, filename=USER_FILE)
    except BaseException as error:
        return {
            "ok": False,
            "type": type(error).__name__,
            "message": str(error),
            "traceback": "".join(traceback.format_exception(error)),
        }
    finally:
        # What the code printed without a newline must reach the capture before the result does.
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:
                pass
    return {"ok": True, "display": None if value is None else _safe_repr(value)}
