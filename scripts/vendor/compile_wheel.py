"""Compiles one wheel's Python sources to bytecode (scripts/vendor/bytecode.mjs).

Runs inside the distribution's own Pyodide (in Node), so the bytecode is
exactly what that interpreter would write: same magic number, same
optimisation level, and code objects named after the files' installed paths,
so tracebacks still show the source lines.

Each .pyc is hash-checked (PEP 552, CHECKED_HASH): the interpreter compares
the source's hash before using it, and compiles the source when they differ.
A bundle can only save time, never change what a module does.

Test suites are left out: importing a library never reaches them, and they are
most of some wheels' sources (pandas/tests alone has ~1,000 files).
"""

import compileall
import importlib.util
import json
import os
import py_compile
import re
import shutil
import struct
import sysconfig
import tempfile
import zipfile

BUNDLE_SIGNATURE = b"PYCB"
SKIPPED = re.compile(r"(^|/)tests?/|\.dist-info/|\.data/")


def installed_root():
    """Where Pyodide installs wheels; the vendor and the worker agree on it through this interpreter."""
    return os.path.normpath(sysconfig.get_path("purelib"))


def compile_wheel(wheel_path, bundle_path):
    """Writes the bundle of `wheel_path`'s bytecode to `bundle_path`; returns how many modules it holds."""
    root = tempfile.mkdtemp()
    try:
        with zipfile.ZipFile(wheel_path) as wheel:
            for name in wheel.namelist():
                if name.endswith(".py") and not SKIPPED.search(name):
                    wheel.extract(name, root)
        compileall.compile_dir(
            root,
            ddir=installed_root(),
            quiet=2,
            invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH,
        )
        files = []
        for directory, _, names in sorted(os.walk(root)):
            for name in sorted(names):
                if name.endswith(".pyc"):
                    path = os.path.join(directory, name)
                    with open(path, "rb") as pyc:
                        files.append((os.path.relpath(path, root), pyc.read()))
    finally:
        shutil.rmtree(root)
    header = json.dumps(
        {"magic": magic_number(), "files": [[path, len(data)] for path, data in files]},
        separators=(",", ":"),
    ).encode()
    with open(bundle_path, "wb") as bundle:
        bundle.write(BUNDLE_SIGNATURE + struct.pack("<I", len(header)) + header)
        for _, data in files:
            bundle.write(data)
    return len(files)


def magic_number():
    """The magic number this interpreter's bytecode carries, as hex."""
    return importlib.util.MAGIC_NUMBER.hex()

