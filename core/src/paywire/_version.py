"""The package version and the User-Agent connectors send."""

import platform

__version__ = "0.1.0"

USER_AGENT = f"paywire/{__version__} (python {platform.python_version()})"
"""Send it as ``User-Agent`` so processors can tell paywire's traffic apart."""
