"""A plugin with a misspelled hook name."""

import paywire


@paywire.hookimpl
def paywire_create_customer_requst(request, credentials, context):
    raise AssertionError("never called")
