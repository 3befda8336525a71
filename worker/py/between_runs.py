"""What the worker does about Python that runs between two runs.

Loaded once per interpreter by ``worker/between-runs.ts``. Between runs the
only Python that runs is what earlier runs left behind: a timer's callback,
an asyncio task, an event listener. The page interrupts it when a run is
waiting; this makes sure such an interrupt ends there and never reaches the
run that follows.
"""


def drain_interrupt():
    """Raises a KeyboardInterrupt the interpreter has taken in but not raised yet, here; returns whether there was one.

    A signal taken in during a callback's last steps is raised at the next
    Python step, which would be the next run's own. A short loop gives the
    interpreter its steps, inside a ``try``.
    """
    try:
        for _ in range(1000):
            pass
    except KeyboardInterrupt:
        return True
    return False
