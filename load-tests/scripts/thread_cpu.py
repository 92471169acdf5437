#!/usr/bin/env python3
"""CPU per second of a running JVM's threads, by thread group, between two `jstack` dumps.

Usage: python3 load-tests/scripts/thread_cpu.py PID [seconds]
Reads the `cpu=` of every thread in two dumps `seconds` apart (20 by default) and prints what each
group of threads spent per second of wall-clock time in between. Threads that started in between count
from zero; threads that ended are missing from the second dump and are not counted. Needs `jstack`
(the JDK's tool) on the PATH. For `./mvnw -Prun`, PID is that of `io.innflow.infra.Main`.
"""
import collections
import re
import subprocess
import sys
import time

GROUPS = [("StreamThread", "stream thread"), ("data-plane-kafka-request-handler", "broker request handlers"),
          ("data-plane-kafka-network", "broker network threads"), ("kafka-network", "broker network threads"),
          ("TxnMarker", "broker transaction threads"), ("AddPartitions", "broker transaction threads"),
          ("group-coordinator", "group coordinator"), ("qtp", "HTTP (Jetty)"), ("JettyServer", "HTTP (Jetty)"),
          ("facade", "facade"), ("task-thread", "Connect tasks"), ("debezium", "Debezium"),
          ("kafka-producer-network-thread", "producer network threads"), ("C2 ", "JIT"), ("C1 ", "JIT"),
          ("GC", "GC"), ("G1", "GC")]


def dump(pid):
    out = subprocess.run(["jstack", pid], capture_output=True, text=True, check=True).stdout
    return {(m.group(1), m.group(2)): float(m.group(3))
            for m in re.finditer(r'^"([^"]+)".*?#(\d+).*?cpu=([\d.]+)ms', out, re.M)}


def group(name):
    for prefix, label in GROUPS:
        if prefix in name:
            return label
    return re.sub(r"[-_ ]?\d+$", "", name)


pid = sys.argv[1]
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 20
before, start = dump(pid), time.time()
time.sleep(seconds)
after, elapsed = dump(pid), time.time() - start
spent = collections.Counter()
for thread, cpu in after.items():
    spent[group(thread[0])] += cpu - before.get(thread, 0.0)
print(f"all threads: {sum(spent.values()) / elapsed:.0f} ms of CPU per second over {elapsed:.1f} s")
for name, ms in spent.most_common(25):
    print(f"{ms / elapsed:8.1f} ms/s  {name}")
