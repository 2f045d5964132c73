"""Reliability tests: a fault-injecting server, retries, deadlines, redaction."""
