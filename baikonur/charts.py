"""The book's chart style.

One call, :func:`apply_style`, gives every figure the same readable look: large enough type for a
projector, a colour-blind-safe palette (Okabe and Ito), no chart junk, and PNG output at a
resolution that is sharp without making pages heavy. Plots themselves live in the chapters, where
students can read them.
"""

import matplotlib as mpl

# Okabe–Ito palette: distinguishable with the common forms of colour-blindness.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#777777",
}

SCENARIO_STYLES = {
    "Treaty rent": {"color": PALETTE["black"], "linestyle": "-"},
    "Index-linked since 1994": {"color": PALETTE["vermillion"], "linestyle": "--"},
    "Renegotiated rent": {"color": PALETTE["blue"], "linestyle": "-."},
    "Early exit": {"color": PALETTE["green"], "linestyle": ":"},
}
"""Colour and line style of each rent scenario (:mod:`baikonur.scenarios`), wherever it is drawn."""


def apply_style() -> None:
    """Set matplotlib defaults for every figure in the book."""
    mpl.rcParams.update(
        {
            "figure.figsize": (8, 4.5),
            "figure.dpi": 100,
            "savefig.dpi": 110,
            "font.size": 12,
            "axes.titlesize": 13,
            "axes.labelsize": 12,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "legend.frameon": False,
            "axes.prop_cycle": mpl.cycler(
                color=[PALETTE[c] for c in ("blue", "orange", "green", "vermillion", "sky", "purple", "black", "grey")]
            ),
        }
    )
