"""display(): hands images back with the run's result.

Installed as a builtin, so model code can call ``display(fig)`` the way it
would in a notebook. matplotlib figures shown with ``plt.show()`` (or left
open when the run ends) and PIL's ``Image.show()`` go through the same path.
Images are capped per run; the runtime reports how many were dropped.
"""

import base64
import builtins
import io
import sys

_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
_GIF = (b"GIF87a", b"GIF89a")

_images = []
_dropped = 0
_limits = {"count": 10, "bytes": 5 * 1024 * 1024}


def _sniff(data):
    if data.startswith(_PNG):
        return "image/png"
    if data.startswith(_JPEG):
        return "image/jpeg"
    if data.startswith(_GIF):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def _encode(obj):
    """Returns (mime_type, bytes) for anything that can be shown as an image."""
    if isinstance(obj, (bytes, bytearray, memoryview)):
        data = bytes(obj)
        mime = _sniff(data)
        if mime is None:
            raise TypeError("display() got bytes that are not a PNG, JPEG, GIF or WebP image")
        return mime, data
    if isinstance(obj, str):  # a path to an image file the code wrote
        with open(obj, "rb") as file:
            return _encode(file.read())
    if hasattr(obj, "savefig"):  # a matplotlib Figure
        buffer = io.BytesIO()
        obj.savefig(buffer, format="png", bbox_inches="tight")
        return "image/png", buffer.getvalue()
    if hasattr(obj, "save") and hasattr(obj, "mode") and hasattr(obj, "size"):  # a PIL Image
        buffer = io.BytesIO()
        obj.save(buffer, format="PNG")
        return "image/png", buffer.getvalue()
    for method, mime in (("_repr_png_", "image/png"), ("_repr_jpeg_", "image/jpeg")):
        render = getattr(obj, method, None)
        if callable(render):
            data = render()
            if data:
                return mime, bytes(data)
    raise TypeError(
        f"display() cannot show a {type(obj).__name__}: pass a matplotlib figure, a PIL image, "
        "image bytes (PNG, JPEG, GIF, WebP) or the path of an image file"
    )


def display(*objects):
    """Returns each object as an image with this run's result (figures, PIL images, image bytes or paths)."""
    global _dropped
    for obj in objects:
        mime, data = _encode(obj)
        if len(_images) >= _limits["count"] or len(data) > _limits["bytes"]:
            _dropped += 1
            continue
        _images.append((mime, data))


def show_open_figures():
    """Shows every open matplotlib figure, then closes them, as plt.show() would on screen."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None:
        return
    for number in pyplot.get_fignums():
        display(pyplot.figure(number))
    pyplot.close("all")


def take():
    """The run's images as (mime type, base64) pairs, and how many were dropped; starts the next run empty."""
    global _images, _dropped
    taken = [(mime, base64.b64encode(data).decode("ascii")) for mime, data in _images]
    dropped = _dropped
    _images, _dropped = [], 0
    return taken, dropped


def configure(max_images, max_image_bytes):
    _limits["count"] = max_images
    _limits["bytes"] = max_image_bytes


def _register_pil_viewer(image_show):
    class SandboxViewer(image_show.Viewer):
        def show(self, image, **options):
            display(image)
            return 1

    image_show.register(SandboxViewer(), 0)  # order 0 puts it first


class _AfterImport:
    """Runs a hook right after a module is first imported (PIL.ImageShow has no other seam)."""

    def __init__(self, hooks):
        self.hooks = hooks

    def find_spec(self, name, path=None, target=None):
        hook = self.hooks.get(name)
        if hook is None:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None and spec.loader is not None:
                spec.loader = _HookedLoader(spec.loader, hook)
                return spec
        return None


class _HookedLoader:
    def __init__(self, loader, hook):
        self.loader = loader
        self.hook = hook

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)
        self.hook(module)


def install():
    builtins.display = display
    sys.meta_path.insert(0, _AfterImport({"PIL.ImageShow": _register_pil_viewer}))
