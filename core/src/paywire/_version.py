"""The package version and the User-Agent the core sends on every request."""

import sys

__version__ = "0.2.0"

USER_AGENT = f"paywire/{__version__} (python {'.'.join(map(str, sys.version_info[:3]))})"
"""``paywire/<version> (python <version>)``; the core adds the connector's distribution and version."""
