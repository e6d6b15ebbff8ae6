"""Take PySide6's per-import source scan off start-up, without changing what it decides.

Importing PySide6 replaces `__import__` so that a module may opt in to `from __feature__ import
snake_case, true_property`. As a side effect, every module imported afterwards is read back as source
(`inspect.getsource`) to learn whether it mentions PySide6. Measured here: about 12 ms of start-up
before the window is idle (A/B, median of 8 starts), and another 40-50 ms in the seconds after, while
the warm-up thread loads the HTTP and Markdown stacks (napari/napari#8584 traces the same cost).

That scan only matters once some module asks for a feature, and PySide6 already classifies every
module it has not seen yet at that moment (`feature.__init__`, on the first `from __feature__ import`).
So until then the scan is skipped; from then on PySide6's own hook runs again. Nothing in the app or
its dependencies imports `__feature__`, so the scan never runs here at all.
"""

from __future__ import annotations

import logging
import sys
from types import ModuleType
from typing import Any

log = logging.getLogger(__name__)


def defer_feature_scan() -> bool:
    """Call after importing PySide6. True if PySide6's per-import scan now waits for the first
    `__feature__` import; False (nothing changed) when this PySide6 is not shaped as expected."""
    feature: Any = sys.modules.get("shibokensupport.feature")
    loader: Any = sys.modules.get("shibokensupport.signature.loader")
    scan = getattr(feature, "feature_imported", None)
    if scan is None or not hasattr(feature, "_is_initialized") or not hasattr(loader, "feature_imported"):
        log.debug("PySide6's feature module is not the expected one; its import scan stays on")
        return False
    if getattr(scan, "deferred", False):
        return True

    def feature_imported(module: ModuleType) -> None:
        if feature._is_initialized:  # some module selected a feature: PySide6 keeps track from here
            scan(module)

    feature_imported.deferred = True  # type: ignore[attr-defined]
    # PySide6 calls the loader's hook, which caches the feature module's function on first use.
    feature.feature_imported = loader.feature_imported = feature_imported
    return True
