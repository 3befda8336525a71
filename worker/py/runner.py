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
# Longer chains of exceptions ("During handling of the above exception...") are cut to their last links:
# formatting thousands of them costs seconds and can exhaust the browser's stack.
CHAIN_LIMIT = 50

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


_STREAMS = {}


def install_stdin():
    """Replaces stdin, and remembers the three streams each run starts with."""
    sys.stdin = sys.__stdin__ = _NoStdin()
    _STREAMS.update(stdin=sys.stdin, stdout=sys.stdout, stderr=sys.stderr)


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


def _type_name(error):
    try:
        return str(type(error).__name__)
    except BaseException:  # a metaclass can make even this misbehave
        return "Exception"


def _message(error, type_name):
    """``str(error)``, or a stand-in when the exception's ``__str__`` raises or is interrupted.

    Returns the text and whether it is safe to ask for it again (what the traceback module does).
    """
    try:
        text = str(error)
        if type(text) is not str:  # a str subclass brings methods of its own: keep only its characters
            text = str.__str__(text)
        return text, True
    except Exception as failure:
        return f"<unprintable {type_name} object: str() raised {_type_name(failure)}>", True
    except BaseException as failure:  # KeyboardInterrupt from the deadline, SystemExit, ...
        return f"<unprintable {type_name} object: str() was stopped by {_type_name(failure)}>", False


def _plain_traceback(error, type_name, message):
    """The frames and the last line, asking the exception nothing: for when formatting it went wrong."""
    try:
        frames = "".join(traceback.format_tb(error.__traceback__))
    except BaseException:
        frames = ""
    return f"Traceback (most recent call last):\n{frames}{type_name}: {message}\n"


def _chain_length(error, limit):
    """How many exceptions ``traceback`` would print for ``error``, counting no further than ``limit + 1``."""
    seen = set()
    length = 0
    current = error
    while current is not None and id(current) not in seen and length <= limit:
        seen.add(id(current))
        length += 1
        cause = getattr(current, "__cause__", None)
        if cause is None and not getattr(current, "__suppress_context__", False):
            cause = getattr(current, "__context__", None)
        current = cause
    return length


def _formatted(error):
    if _chain_length(error, CHAIN_LIMIT) <= CHAIN_LIMIT:
        return "".join(traceback.format_exception(error))
    note = f"[A chain of more than {CHAIN_LIMIT} exceptions led to this one; only the last is shown.]\n\n"
    return note + "".join(traceback.format_exception(error, chain=False))


def describe_error(error):
    """``{"ok": False, type, message, traceback}`` for any exception, whatever its dunder methods do.

    The exception is user code: its ``__str__``, notes or chained exceptions may
    raise, loop until the deadline interrupts them, or be enormous. Each step is
    guarded, and the plain form is the fallback; the text is cut to the output
    limit on the JS side.
    """
    type_name = _type_name(error)
    message, may_ask_again = _message(error, type_name)
    text = None
    if may_ask_again:
        try:
            text = _formatted(error)
        except BaseException:
            text = None
    if text is None:
        text = _plain_traceback(error, type_name, message)
    return {"ok": False, "type": type_name, "message": message, "traceback": text}


def _reopened(name, closed):
    """A new stream on the same file descriptor, for one the code closed."""
    if name == "stdin":
        return _NoStdin()
    encoding = getattr(closed, "encoding", None) or "utf-8"
    errors = getattr(closed, "errors", None) or "strict"
    fd = 1 if name == "stdout" else 2
    return open(fd, "w", buffering=1, encoding=encoding, errors=errors, closefd=False)


def _restore_streams():
    """Each run prints to the sandbox's streams, even if an earlier run replaced or closed them."""
    for name, stream in list(_STREAMS.items()):
        if stream.closed:
            stream = _STREAMS[name] = _reopened(name, stream)
        if getattr(sys, name, None) is not stream:
            setattr(sys, name, stream)


async def run(code, namespace):
    """Returns ``{"ok": True, "display": repr-or-None}`` or ``{"ok": False, type, message, traceback}``."""
    try:
        _restore_streams()
        value = await eval_code_async(code, namespace, filename=USER_FILE)
    except BaseException as error:
        return describe_error(error)
    finally:
        # What the code printed without a newline must reach the capture before the result does.
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:
                pass
    return {"ok": True, "display": None if value is None else _safe_repr(value)}
