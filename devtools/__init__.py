"""Development tools, not part of the product: the fake Bot API server and the benchmarks.

`bot/` never imports this package (only `python -m bot bench` looks for it at run time),
and it is not installed with the bot: it lives in the checkout and needs the `dev` extra
(aiohttp). Tests find it through pytest's `pythonpath`, `make bench` through the checkout.
"""

from __future__ import annotations

import os
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent


def child_env() -> dict[str, str]:
    """The environment for a child `python -m devtools.…`: the checkout on its path."""
    paths = [str(CHECKOUT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
