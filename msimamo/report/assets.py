"""The files a browser needs to draw an archive summary, found on disk so the web app can serve them
and ``msimamo report`` can inline them: nothing is ever fetched from the network.

``charts.js`` ships in this package; ``plotly.min.js`` comes from the installed ``plotly`` package,
whose version pip pins, instead of a second copy kept in this repository.
"""

from __future__ import annotations

from pathlib import Path

from msimamo.errors import ConfigError

ASSETS = Path(__file__).resolve().parent / "assets"
NAMES = ("charts.js", "plotly.min.js")


def asset_path(name: str) -> Path:
    """The file for ``name`` ("charts.js" or "plotly.min.js"); ConfigError if it is not installed."""
    if name == "charts.js":
        path = ASSETS / name
    elif name == "plotly.min.js":
        try:
            import plotly
        except ImportError:
            raise ConfigError("the plotly package is not installed: run `make install`") from None
        path = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
    else:
        raise ValueError(f"no asset {name!r}; there are {', '.join(NAMES)}")
    if not path.is_file():
        raise ConfigError(f"{path} is missing: reinstall Msimamo (`make install`)")
    return path
