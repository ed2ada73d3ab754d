#!/usr/bin/env python3
"""Baseline for `hybridbatch bench`: the process step (read, validate, build message, discard) for the
orders sample, written the way the Python system HybridBatch replaces would: standard library only.

Usage: process_baseline.py FILE MAX_RECORDS
Prints one JSON object: {"records": N, "valid": V, "seconds": S}.
"""
import json
import re
import sys
import time
import uuid
from datetime import datetime

ORDER_ID = re.compile(r"^ORD-[0-9]{10}$")
SKU = re.compile(r"^[A-Z]{3}-[0-9]{5}$")
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
REQUIRED = ("order_id", "customer_id", "sku", "quantity", "unit_price", "currency", "status", "created_at")
ALLOWED = set(REQUIRED) | {"note"}
CURRENCIES = {"EUR", "USD", "GBP"}
STATUSES = {"new", "paid", "shipped", "cancelled"}


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def valid_order(record):
    if not isinstance(record, dict) or any(k not in record for k in REQUIRED) or any(k not in ALLOWED for k in record):
        return False
    if not isinstance(record["order_id"], str) or not ORDER_ID.search(record["order_id"]):
        return False
    try:
        uuid.UUID(record["customer_id"])
    except (ValueError, AttributeError, TypeError):
        return False
    if not isinstance(record["sku"], str) or not SKU.search(record["sku"]):
        return False
    quantity = record["quantity"]
    if not is_number(quantity) or quantity != int(quantity) or not 1 <= quantity <= 1000:
        return False
    price = record["unit_price"]
    if not is_number(price) or not 0 < price <= 100000:
        return False
    if record["currency"] not in CURRENCIES or record["status"] not in STATUSES:
        return False
    created = record["created_at"]
    if not isinstance(created, str) or not DATE_TIME.match(created):
        return False
    try:
        datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError:
        return False
    note = record.get("note")
    return note is None or (isinstance(note, str) and len(note) <= 40)


def main():
    path, limit = sys.argv[1], int(sys.argv[2])
    run_id = "bench"
    batch = []
    records = valid = 0
    started = time.perf_counter()
    with open(path, "rb") as source:
        for line in source:
            if records == limit:
                break
            records += 1
            line = line.rstrip(b"\r\n")
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if not valid_order(record):
                continue
            valid += 1
            headers = {"runId": run_id, "recordIndex": str(records - 1), "source": path}
            batch.append((f"{run_id}:{records - 1}".encode(), line, headers))
            if len(batch) == 2000:
                batch.clear()  # the discard sink
    seconds = time.perf_counter() - started
    print(json.dumps({"records": records, "valid": valid, "seconds": seconds}))


if __name__ == "__main__":
    main()
