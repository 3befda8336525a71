"""A matplotlib backend that renders with Agg and returns figures as images.

Selected with MPLBACKEND=module://sandbox_matplotlib_backend, so plt.show()
hands every open figure to display() instead of warning that Agg cannot show.
"""

from matplotlib.backend_bases import FigureManagerBase
from matplotlib.backends.backend_agg import FigureCanvasAgg

import sandbox_display

FigureCanvas = FigureCanvasAgg
FigureManager = FigureManagerBase


def show(*args, **kwargs):
    sandbox_display.show_open_figures()
