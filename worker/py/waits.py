"""``time.sleep`` and ``asyncio.sleep`` that the deadline can cut short.

Loaded once per interpreter by ``worker/interruptible-wait.ts``, and only when
the worker shares an interrupt buffer with the page. Pyodide's own
``time.sleep`` blocks without looking at the buffer, so a run that sleeps
past its deadline could only be ended by terminating the worker, losing the
interpreter. These wait on the buffer instead: the interrupt wakes them, and
the code gets ``KeyboardInterrupt`` as it would on a terminal, with its
variables kept.
"""

import asyncio
import operator
import time

_blind_sleep = time.sleep
_waiting = set()

# Long sleeps are waited in slices, so the clock is read again now and then.
_SLICE_SECONDS = 60.0


def _let_interrupt_in():
    # The interpreter looks at the interrupt buffer every few dozen steps,
    # so a short loop lets a waiting KeyboardInterrupt be raised here.
    for _ in range(1000):
        pass


def install(wait):
    """``wait(ms)`` blocks up to ``ms`` milliseconds and returns True if an interrupt is waiting."""

    def sleep(seconds):
        if not isinstance(seconds, (int, float)):
            seconds = operator.index(seconds)  # the TypeError CPython gives for a non-number
        if seconds != seconds:
            raise ValueError("Invalid value NaN (not a number)")
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        end = time.monotonic() + seconds
        while True:
            remaining = end - time.monotonic()
            if remaining <= 0:
                return
            if wait(min(remaining, _SLICE_SECONDS) * 1000):
                _let_interrupt_in()
                # Still here: interrupts are off (outside a run), so sleep on as Pyodide would.
                return _blind_sleep(max(0.0, end - time.monotonic()))

    async def async_sleep(delay, result=None):
        if delay <= 0:
            return await _async_sleep(delay, result)
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        handle = loop.call_later(delay, _set_result_unless_done, future, result)
        _waiting.add(future)
        try:
            return await future
        finally:
            handle.cancel()
            _waiting.discard(future)

    sleep.__doc__ = _blind_sleep.__doc__
    async_sleep.__doc__ = _async_sleep.__doc__
    time.sleep = sleep
    asyncio.sleep = async_sleep
    asyncio.tasks.sleep = async_sleep


_async_sleep = asyncio.sleep


def _set_result_unless_done(future, result):
    if not future.done():
        future.set_result(result)


def interrupt_sleepers():
    """Raises KeyboardInterrupt in every pending ``asyncio.sleep``; returns whether there was one."""
    woken = False
    for future in list(_waiting):
        if not future.done():
            future.set_exception(KeyboardInterrupt())
            woken = True
    return woken
