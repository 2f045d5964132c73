"""A connector that needs a plugin API this paywire does not provide."""

import paywire


@paywire.hookimpl
def paywire_connector() -> paywire.ConnectorInfo:
    return paywire.ConnectorInfo(
        name="future",
        display_name="Future",
        credentials=paywire.NoCredentials,
        operations={paywire.Operation.CREATE_CUSTOMER: paywire.Capability.LOCAL},
        plugin_api=(7, 9),
    )
