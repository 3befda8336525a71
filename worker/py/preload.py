"""Imports a library ahead of the run that will need it (worker/preload.ts).

Only into sys.modules: nothing reaches the user's namespace, so a later run
sees exactly what it would have seen without the preload, only sooner.
Whatever the import prints or warns is dropped: between runs it would
otherwise be reported with the next run as if that run's own.
"""

import contextlib
import importlib
import io
import warnings

# The modules whose import costs the time a run would wait for, where that is not the top-level one.
WARM_MODULES = {
    "matplotlib": ("matplotlib", "matplotlib.pyplot"),
}


def warm(name):
    """Imports the library's modules; returns the error's text, or '' when they imported."""
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for module in WARM_MODULES.get(name, (name,)):
                importlib.import_module(module)
    except BaseException as error:  # noqa: BLE001 - a preload must never fail the worker
        return f"{type(error).__name__}: {error}"
    return ""
