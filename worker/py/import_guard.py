"""Turns imports of modules the sandbox does not offer into a ModuleNotFoundError
whose message tells the model what it can use instead.

The finder sits at the *end* of sys.meta_path, so it is only asked about names
every other finder gave up on: the standard library, packages already loaded
and the user's own files resolve as usual. It speaks up only for imports made
by user code; imports made by installed libraries (optional dependencies they
probe for) get the stock error, exactly as without the guard. The guard is a
helpful message, not a security boundary: code can remove it from
sys.meta_path, and blocking package installation is enforced on the JS side.

Run this file once, then call install(...).
"""

import sys
import sysconfig

_NAME = "{name}"


def _library_dirs():
    paths = sysconfig.get_paths()
    dirs = {paths.get("stdlib"), paths.get("platstdlib"), paths.get("purelib"), paths.get("platlib")}
    # Pyodide imports most of the standard library straight from python314.zip.
    dirs.update(p for p in sys.path if p.endswith(".zip"))
    return tuple(sorted((d.rstrip("/") + "/" for d in dirs if d), key=len, reverse=True))


def _is_import_machinery(filename):
    return filename.startswith("<frozen ") or filename.endswith("importlib/__init__.py")


class SandboxImportGuard:
    def __init__(self, available, message, not_loaded_message, unavailable):
        self.available = frozenset(available)
        self.message = message
        self.not_loaded_message = not_loaded_message
        self.unavailable = dict(unavailable)
        self.library_dirs = _library_dirs()

    def _imported_by_library(self):
        frame = sys._getframe(2)
        while frame is not None:
            filename = frame.f_code.co_filename
            if frame.f_code.co_name == "find_spec" and ("importlib.util" in filename or filename.endswith("importlib/util.py")):
                # importlib.util.find_spec() must keep returning None for missing modules.
                return True
            if _is_import_machinery(filename):
                frame = frame.f_back
                continue
            return filename.startswith(self.library_dirs)
        return True

    def find_spec(self, fullname, path=None, target=None):
        if "." in fullname or self._imported_by_library():
            return None
        if fullname in self.unavailable:
            text = self.unavailable[fullname]
        elif fullname in self.available:
            text = self.not_loaded_message.replace(_NAME, fullname)
        else:
            text = self.message.replace(_NAME, fullname)
        error = ModuleNotFoundError(text, name=fullname)
        # Keeps Pyodide from appending its "install it with micropip" note, which is wrong here.
        setattr(error, "_PYODIDE_ADDED_NOTE", True)
        raise error

    def invalidate_caches(self):
        pass


def install(available, message, not_loaded_message=None, unavailable=None):
    """Installs the guard once; calling again replaces its lists.

    available: top-level import names the sandbox can load.
    message: text for any other module, with {name} where the module name goes.
    not_loaded_message: text for an available module that was not loaded before the run.
    unavailable: import name -> full text, for libraries known not to work (tensorflow).
    """
    if not_loaded_message is None:
        not_loaded_message = message
    guard = SandboxImportGuard(list(available), str(message), str(not_loaded_message), dict(unavailable or {}))
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, SandboxImportGuard) and type(f).__name__ != "SandboxImportGuard"]
    sys.meta_path.append(guard)
    return guard
