"""Imports a library ahead of the run that will need it (worker/preload.ts).

Only into sys.modules: nothing reaches the user's namespace, so a later run
sees exactly what it would have seen without the preload, only sooner.
Whatever the import prints or warns is dropped: between runs it would
otherwise be reported with the next run as if that run's own.

A chart's first figure costs more than the imports: the plotting modules
pandas imports on its first `.plot()`, the backend matplotlib resolves on the
first figure, and the fonts and text layout of the first render. Those are
warmed too, with a figure pyplot never sees (so no run finds it open) and
under rc_context (so rcParams are as they were).
"""

import contextlib
import importlib
import io
import sys
import warnings

# The modules whose import costs the time a run would wait for, where that is not the top-level one.
WARM_MODULES = {
    "matplotlib": ("matplotlib", "matplotlib.pyplot"),
}


def _warm_first_figure():
    """Renders a throwaway bar chart with Agg: fonts, text layout and PNG writing are ready for the run's first one."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    backend = matplotlib.rcParams["backend"]
    if isinstance(backend, str) and backend.startswith("module://"):
        # The sandbox's own backend (plt.show() hands figures to display()): what the first figure resolves.
        importlib.import_module(backend[len("module://") :])
    with matplotlib.rc_context():
        figure = Figure()
        FigureCanvasAgg(figure)
        axes = figure.subplots()
        axes.bar(["a", "b"], [1, 2], label="x")
        axes.set_title("t")
        axes.set_xlabel("x")
        axes.set_ylabel("y")
        axes.legend()
        figure.savefig(io.BytesIO(), format="png", bbox_inches="tight")


def _warm_charts():
    """What a chart needs beyond the imports, once the libraries it draws with are in sys.modules."""
    if "matplotlib.pyplot" not in sys.modules:
        return
    if "pandas" in sys.modules:
        # pandas imports its matplotlib plotting module lazily, on the first .plot().
        importlib.import_module("pandas.plotting._matplotlib")
    if not getattr(_warm_charts, "rendered", False):
        _warm_first_figure()
        _warm_charts.rendered = True


def warm(name):
    """Imports the library's modules; returns the error's text, or '' when they imported."""
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for module in WARM_MODULES.get(name, (name,)):
                importlib.import_module(module)
            _warm_charts()
    except BaseException as error:  # noqa: BLE001 - a preload must never fail the worker
        return f"{type(error).__name__}: {error}"
    return ""
