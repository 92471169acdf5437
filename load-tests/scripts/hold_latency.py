#!/usr/bin/env python3
"""Round-trip latency of POST /v1/hotels/{hotelId}/holds against a running node, one request at a time.

Usage: python3 load-tests/scripts/hold_latency.py [node-url] [requests]
Each request holds one room for one night at one of the demo hotels and is answered only after the
exactly-once transaction commits; prints median, p90, p99 and max in milliseconds.
Holds need a guest's bearer token: INNFLOW_TOKEN, or the demo guest's from var/demo-tokens.json.
Guest writes are rate limited (20/s by default): start the node with INNFLOW_LIMITS_GUEST_WRITES_PER_SECOND=0.
"""
import os
import json
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import date, timedelta

node = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
count = int(sys.argv[2]) if len(sys.argv) > 2 else 300

token = os.environ.get("INNFLOW_TOKEN") or json.load(open("var/demo-tokens.json"))["guest"]
hotels = json.load(urllib.request.urlopen(node + "/v1/hotels"))["hotels"]
first = date.today() + timedelta(days=20)
latencies, statuses = [], {}
for i in range(count):
    hotel = hotels[i % len(hotels)]
    room_type = hotel["roomTypes"][0]["roomTypeId"]
    check_in = first + timedelta(days=(i // len(hotels)) % 200)
    body = json.dumps({"roomTypeId": room_type, "checkIn": check_in.isoformat(),
                       "checkOut": (check_in + timedelta(days=1)).isoformat(), "quantity": 1, "holdSeconds": 60})
    request = urllib.request.Request(
        f"{node}/v1/hotels/{hotel['hotelId']}/holds", data=body.encode(), method="POST",
        headers={"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4()),
                 "Authorization": "Bearer " + token})
    start = time.perf_counter()
    try:
        status = urllib.request.urlopen(request).status
    except urllib.error.HTTPError as e:
        status = e.code
    latencies.append((time.perf_counter() - start) * 1000)
    statuses[status] = statuses.get(status, 0) + 1

latencies.sort()
def pct(p):
    return latencies[min(len(latencies) - 1, int(p * len(latencies)))]
print(f"requests={count} statuses={statuses}")
print(f"median={pct(0.5):.1f}ms p90={pct(0.9):.1f}ms p99={pct(0.99):.1f}ms max={latencies[-1]:.1f}ms")
