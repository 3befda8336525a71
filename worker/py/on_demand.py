"""Loads a library the sandbox offers when code imports it during a run.

pandas imports tabulate inside ``to_markdown()``, matplotlib inside ``plot()``;
user code can import through ``importlib.import_module`` or from a module it
wrote. None of these show in the code's ``import`` statements, so the package
was not loaded before the run. This finder sits just before the import guard
at the end of ``sys.meta_path``, so it is asked only about names no other
finder could resolve: for one the lock offers, it loads the package and lets
the standard path finder find it.

Loading is asynchronous in the browser. Where Pyodide can suspend the run
(JSPI, ``can_run_sync()``), the import waits for it with ``run_sync`` and goes
on as if the package had been there. Elsewhere the import fails with a message
naming the package, and the worker loads it after the run, for the next one.

Run this file once, then call install(...).
"""

import importlib.machinery
import sys

from pyodide.ffi import can_run_sync, run_sync


def _asked_by_find_spec():
    """Whether importlib.util.find_spec() is probing: it must not raise for a missing module."""
    frame = sys._getframe(2)
    while frame is not None:
        code = frame.f_code
        if code.co_name == "find_spec" and code.co_filename.endswith(("importlib/util.py", "importlib.util")):
            return True
        if not code.co_filename.startswith("<frozen "):
            return False
        frame = frame.f_back
    return False


class SandboxOnDemandImports:
    def __init__(self, offered, load, defer, later_message):
        self.offered = frozenset(offered)
        self.load = load
        self.defer = defer
        self.later_message = later_message

    def find_spec(self, fullname, path=None, target=None):
        if "." in fullname or fullname not in self.offered:
            return None
        if can_run_sync():
            problem = run_sync(self.load(fullname))
            if problem:
                error = ModuleNotFoundError(str(problem), name=fullname)
                setattr(error, "_PYODIDE_ADDED_NOTE", True)
                raise error
            importlib.invalidate_caches()
            return importlib.machinery.PathFinder.find_spec(fullname, path)
        self.defer(fullname)
        if _asked_by_find_spec():
            return None
        error = ModuleNotFoundError(self.later_message.replace("{name}", fullname), name=fullname)
        setattr(error, "_PYODIDE_ADDED_NOTE", True)
        raise error

    def invalidate_caches(self):
        pass


def install(offered, load, defer, later_message):
    """Installs the finder once, just before the import guard (or last).

    offered: top-level import names of the packages the lock offers.
    load(name): a JS function returning a Promise of "" when the package is installed, else the error text.
    defer(name): records a package to load after the run, where the run cannot wait for it.
    later_message: the ModuleNotFoundError text then, with {name} where the module name goes.
    """
    finder = SandboxOnDemandImports(list(offered), load, defer, str(later_message))
    sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "SandboxOnDemandImports"]
    guard = next((i for i, f in enumerate(sys.meta_path) if type(f).__name__ == "SandboxImportGuard"), len(sys.meta_path))
    sys.meta_path.insert(guard, finder)
