"""Generated requests fitted to what a connector declares it holds (``scenarios.fit``): every
connector is exercised on everything it does hold; now and then a generated request goes beyond
its declarations, to prove the core refuses what the connector cannot hold.
"""

from __future__ import annotations

from hypothesis import strategies as st

import paywire

from . import strategies
from .scenarios import fit

__all__ = ["fitted_requests"]


def fitted_requests(
    info: paywire.ConnectorInfo, *, full: bool = False
) -> st.SearchStrategy[paywire.CreateCustomerRequest]:
    """Requests fitted to ``info`` (nine in ten) or as generated (the rest: the core must refuse
    what does not fit, naming the field)."""
    dicts = strategies.create_customer_request_dicts(full=full)
    fitted = dicts.map(lambda data: fit(data, info))
    return st.one_of(fitted, fitted, fitted, fitted, fitted, fitted, fitted, fitted, fitted, dicts).map(
        paywire.CreateCustomerRequest.model_validate
    )
