"""Make the helper modules next to the tests importable (``checkout_fake``, ``checkout_helpers``)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
