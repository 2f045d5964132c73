"""The ``paywire`` command line: list connectors, create customers.

Exit codes: 0 success, 1 the operation failed (processor, network, plugin), 2 a usage mistake
(bad flags, invalid input, missing credentials). Errors are one readable line or block, never a
stack trace; with ``--json`` they are also printed to stdout as ``{"error": {...}}``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from ._connector import Operation
from ._credentials import credentials_from_file
from ._exceptions import ConfigurationError, ConnectorError, InvalidRequestError, PaywireError
from ._plugins import registry
from ._version import __version__

__all__ = ["main"]

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_CLOSED_PIPE = 128 + 13
"""What a shell reports for a Unix tool stopped by SIGPIPE (13): the reader went away (``| head``)."""

ADDRESS_PARTS = (
    "first_name",
    "last_name",
    "line1",
    "line2",
    "line3",
    "city",
    "state",
    "zip_code",
    "country_alpha2_code",
    "email",
    "phone_number",
    "phone_country_code",
)


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="paywire",
        description="Talk to payment processors through one canonical API.",
        epilog="Credentials come from PAYWIRE_<CONNECTOR>_<FIELD> variables (e.g. PAYWIRE_STRIPE_API_KEY) "
        "or --credentials-file.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    connectors = commands.add_parser(
        "connectors",
        help="list installed connector plugins",
        description="List every discovered plugin, its distribution, version, "
        "operations and status (failed plugins with the reason).",
    )
    connectors.add_argument("--json", action="store_true", help="print JSON")

    customers = commands.add_parser("customers", help="customer operations")
    customer_commands = customers.add_subparsers(dest="operation", metavar="OPERATION")
    create = customer_commands.add_parser(
        "create",
        help="create a customer at a processor",
        description="Create a customer profile at the processor and print its connector_customer_id.",
        epilog="Example: paywire customers create --connector sandbox --email jane@example.com --json",
    )
    _add_create_arguments(create)
    return parser


def _add_create_arguments(create: argparse.ArgumentParser) -> None:
    create.add_argument("--connector", required=True, help="connector name (see `paywire connectors`)")
    fields = create.add_argument_group("customer fields")
    fields.add_argument("--merchant-customer-id", help="your own id for the customer (echoed back)")
    fields.add_argument("--customer-name", "--name", dest="customer_name", help="full name")
    fields.add_argument("--email", help="e-mail address")
    fields.add_argument("--phone-number", "--phone", dest="phone_number", help="E.164 phone, e.g. +14155550100")
    fields.add_argument("--description", help="free-text description")
    fields.add_argument(
        "--locale",
        dest="preferred_locales",
        action="append",
        metavar="TAG",
        help="preferred locale, e.g. en-US (repeatable)",
    )
    fields.add_argument("--metadata", action="append", metavar="KEY=VALUE", help="metadata pair (repeatable)")
    fields.add_argument("--connector-feature-data", metavar="JSON", help="connector-specific JSON object")
    fields.add_argument(
        "--test-mode", action=argparse.BooleanOptionalAction, default=None, help="refuse live credentials"
    )
    fields.add_argument(
        "--request-file", metavar="PATH", help="read the whole request as JSON (fields given as flags override it)"
    )
    for kind in ("billing", "shipping"):
        group = create.add_argument_group(f"{kind} address")
        for part in ADDRESS_PARTS:
            group.add_argument(_flag(f"{kind}_{part}"), dest=f"{kind}__{part}", metavar="VALUE")
    call = create.add_argument_group("call")
    call.add_argument("--idempotency-key", help="reuse a key to make a retried command safe")
    call.add_argument("--base-url", help="send to another address (proxy, local test server)")
    call.add_argument("--timeout", type=float, help="per-attempt timeout in seconds")
    call.add_argument("--max-retries", type=int, default=2, help="retries of safe failures (default 2)")
    call.add_argument(
        "--option", action="append", metavar="NAME=VALUE", help="a connector option, e.g. stripe_version=2024-06-20"
    )
    call.add_argument(
        "--credentials-file",
        metavar="PATH",
        help='TOML ([<connector>] table) or JSON ({"<connector>": {...}}) credentials file',
    )
    call.add_argument("--json", action="store_true", help="print JSON")


def _pairs(values: list[str] | None, flag: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in values or ():
        key, sep, value = pair.partition("=")
        if not sep:
            raise ValueError(f"{flag} expects KEY=VALUE, got {key!r} without '='")
        out[key] = value
    return out


def _request_fields(args: argparse.Namespace) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if args.request_file:
        with open(args.request_file, encoding="utf-8") as fh:
            loaded = json.load(fh)
        if not isinstance(loaded, dict):
            raise ValueError("--request-file must hold a JSON object")
        fields.update(loaded)
    for name in ("merchant_customer_id", "customer_name", "email", "phone_number", "description", "test_mode"):
        value = getattr(args, name)
        if value is not None:
            fields[name] = value
    if args.preferred_locales:
        fields["preferred_locales"] = args.preferred_locales
    if args.metadata:
        fields["metadata"] = {**(fields.get("metadata") or {}), **_pairs(args.metadata, "--metadata")}
    if args.connector_feature_data:
        fields["connector_feature_data"] = json.loads(args.connector_feature_data)
    address = dict(fields.get("address") or {})
    for kind in ("billing", "shipping"):
        parts = {p: getattr(args, f"{kind}__{p}") for p in ADDRESS_PARTS if getattr(args, f"{kind}__{p}") is not None}
        if parts:
            address[f"{kind}_address"] = {**(address.get(f"{kind}_address") or {}), **parts}
    if address:
        fields["address"] = address
    return fields


def _error_json(exc: Exception) -> dict[str, Any]:
    out: dict[str, Any] = {"type": type(exc).__name__, "message": str(exc)}
    if isinstance(exc, PaywireError):
        out["code"] = exc.code.value
        out["fields"] = [{"field": e.field, "message": e.message} for e in getattr(exc, "field_errors", ())]
    if isinstance(exc, ConnectorError):
        out.update(
            connector=exc.connector,
            connector_code=exc.connector_code,
            status_code=exc.status_code,
            request_id=exc.request_id,
            param=exc.param,
            idempotency_key=exc.idempotency_key,
        )
    return out


def _fail(exc: Exception, code: int, as_json: bool) -> int:
    print(f"paywire: error: {exc}", file=sys.stderr)
    if as_json:
        print(json.dumps({"error": _error_json(exc)}, indent=2))
    return code


def _cmd_connectors(as_json: bool) -> int:
    records = registry().records()
    if as_json:
        print(json.dumps([r.as_dict() for r in records], indent=2))
        return 0
    rows = [("NAME", "DISTRIBUTION", "VERSION", "CUSTOMERS.CREATE", "STATUS")]
    for r in records:
        cap = r.info.capability(Operation.CREATE_CUSTOMER).value if r.info else "-"
        status = r.status if r.status == "loaded" else f"failed: {r.error}"
        if r.status == "loaded" and r.info is None:
            status = "loaded (extension)"
        rows.append((r.name, r.distribution or "-", r.version or "-", cap, status))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4])
    return 0


def _cmd_create(args: argparse.Namespace) -> int:
    from ._client import Client  # the runtime layer: not needed to list connectors (see __init__)

    try:
        fields = _request_fields(args)
        options = _pairs(args.option, "--option")
    except (OSError, ValueError) as exc:
        return _fail(exc, EXIT_USAGE, args.json)
    try:
        credentials = credentials_from_file(args.credentials_file, args.connector) if args.credentials_file else None
        with Client(
            args.connector,
            credentials=credentials,
            base_url=args.base_url,
            timeout=args.timeout,
            max_retries=args.max_retries,
            options=options,
        ) as client:
            customer = client.customers.create(fields, idempotency_key=args.idempotency_key)
    except (InvalidRequestError, ConfigurationError) as exc:
        return _fail(exc, EXIT_USAGE, args.json)
    except (ConnectorError, PaywireError) as exc:
        return _fail(exc, EXIT_FAILED, args.json)
    if args.json:
        print(json.dumps(customer.model_dump(mode="json"), indent=2))
    else:
        print(
            f"created customer {customer.connector_customer_id} at {customer.connector} "
            f"(HTTP {customer.status_code}, idempotency key {customer.idempotency_key})"
        )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code. A closed output pipe ends it quietly, like other Unix tools."""
    try:
        code = _run(argv)
        sys.stdout.flush()  # here, not at exit: a closed pipe is then caught below
    except BrokenPipeError:
        # Python flushes stdout again at exit: point it at /dev/null so that raises nothing either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_CLOSED_PIPE
    return code


def _run(argv: Sequence[str] | None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    if args.version:
        print(f"paywire {__version__}")
        return 0
    if args.command == "connectors":
        return _cmd_connectors(args.json)
    if args.command == "customers" and args.operation == "create":
        return _cmd_create(args)
    parser.print_help(sys.stderr)
    return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
