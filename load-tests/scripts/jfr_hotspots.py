#!/usr/bin/env python3
"""Where the time goes in a JFR recording of a load run (HoldBenchmark writes them under
load-tests/target/benchmarks/): CPU by thread group, hot methods, and waits (parks, monitor
contention, socket reads) by thread group and by the first application frame.

Usage: python3 load-tests/scripts/jfr_hotspots.py recording.jfr [top]
Needs `jfr` (the JDK's tool) on the PATH.
"""
import collections
import json
import re
import subprocess
import sys

path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
EVENTS = "jdk.ExecutionSample,jdk.ThreadPark,jdk.JavaMonitorEnter,jdk.SocketRead,jdk.CPULoad,jdk.ThreadCPULoad,jdk.GarbageCollection,jdk.JavaMonitorWait"
data = json.loads(subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", EVENTS, path],
                                 capture_output=True, text=True, check=True).stdout)
events = data["recording"]["events"]


def group(name):
    name = name or "?"
    rules = [("bench-client", "load generator"), ("StreamThread", "stream thread"),
             ("facade-results", "facade result reader"), ("facade-sender", "facade sender"),
             ("kafka-producer-network-thread", "producer network threads"),
             ("JettyServerThreadPool", "HTTP (Jetty/Javalin)"), ("qtp", "HTTP (Jetty/Javalin)"),
             ("HttpClient", "load generator HTTP client"), ("data-plane-kafka", "broker request handlers"),
             ("data-plane-kafka-network", "broker network"), ("kafka-network", "broker network"),
             ("ReplicaManager", "broker"), ("kafka-", "broker other"), ("broker-", "broker other"),
             ("task-thread", "Connect tasks"), ("GC", "GC"), ("G1", "GC"), ("C2", "JIT"), ("C1", "JIT")]
    for prefix, label in rules:
        if prefix in name:
            return label
    return re.sub(r"[-_ ]?\d+$", "", name)


def thread_of(e):
    t = e["values"].get("sampledThread") or e["values"].get("eventThread") or {}
    return (t or {}).get("javaName") or (t or {}).get("osName")


def frames(e):
    st = e["values"].get("stackTrace") or {}
    return [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in (st.get("frames") or [])]


APP = re.compile(r"^(io\.innflow|org\.apache\.kafka\.streams|org\.apache\.kafka\.clients|io\.javalin|org\.eclipse\.jetty|org\.rocksdb|org\.apache\.avro|kafka\.|org\.apache\.kafka\.storage|org\.apache\.kafka\.server|org\.apache\.kafka\.coordinator|io\.apicurio|com\.fasterxml)")


def first_app_frame(fs):
    for f in fs:
        if APP.match(f) and "concurrent" not in f:
            return f
    return fs[0] if fs else "?"


def ms(ns_str):
    # JFR JSON durations look like "PT0.0123S"
    m = re.match(r"PT(?:(\d+)M)?([\d.]+)S", ns_str or "PT0S")
    return (int(m.group(1) or 0) * 60 + float(m.group(2))) * 1000 if m else 0.0


samples = [e for e in events if e["type"] == "jdk.ExecutionSample"]
print(f"## CPU samples: {len(samples)}")
by_group = collections.Counter(group(thread_of(e)) for e in samples)
for g, n in by_group.most_common(top):
    print(f"{n * 100 / len(samples):5.1f}%  {g}")
print("\n## Hot methods (top frame), all threads")
for f, n in collections.Counter((frames(e) or ["?"])[0] for e in samples).most_common(top):
    print(f"{n * 100 / len(samples):5.1f}%  {f}")
print("\n## Hot application frames (first innflow/Kafka/Jetty/RocksDB frame) of the node's threads")
node = [e for e in samples if group(thread_of(e)) in ("stream thread", "facade result reader", "facade sender", "HTTP (Jetty/Javalin)", "producer network threads")]
for f, n in collections.Counter(first_app_frame(frames(e)) for e in node).most_common(top):
    print(f"{n * 100 / max(1, len(node)):5.1f}%  {f}")
for name in ("stream thread",):
    sub = [e for e in samples if group(thread_of(e)) == name]
    print(f"\n## Stream thread: inclusive share of its {len(sub)} samples")
    inc = collections.Counter()
    for e in sub:
        for f in set(frames(e)):
            inc[f] += 1
    keep = [(f, n) for f, n in inc.most_common(200) if APP.match(f)]
    for f, n in keep[:top * 2]:
        print(f"{n * 100 / max(1, len(sub)):5.1f}%  {f}")

cpu = [e for e in events if e["type"] == "jdk.CPULoad"]
if cpu:
    avg = lambda k: sum(e["values"][k] for e in cpu) / len(cpu)
    print(f"\n## CPU load (averages): JVM user {avg('jvmUser') * 100:.0f}%, JVM system {avg('jvmSystem') * 100:.0f}%, machine {avg('machineTotal') * 100:.0f}% (of all cores)")
tcpu = collections.defaultdict(list)
for e in events:
    if e["type"] == "jdk.ThreadCPULoad":
        tcpu[group(thread_of(e))].append(e["values"]["user"] + e["values"]["system"])
print("\n## Thread CPU load by group (sum of the threads' average share of one core... of the machine)")
# ThreadCPULoad is per thread, as a share of the whole machine; sum the per-thread averages within a group.
per_thread = collections.defaultdict(list)
for e in events:
    if e["type"] == "jdk.ThreadCPULoad":
        per_thread[thread_of(e)].append(e["values"]["user"] + e["values"]["system"])
agg = collections.Counter()
for t, vals in per_thread.items():
    agg[group(t)] += sum(vals) / len(vals)
for g, v in agg.most_common(top):
    print(f"{v * 100:5.1f}% of the machine  {g}")

for kind in ("jdk.ThreadPark", "jdk.JavaMonitorEnter", "jdk.SocketRead", "jdk.JavaMonitorWait"):
    evs = [e for e in events if e["type"] == kind]
    if not evs:
        continue
    print(f"\n## {kind}: total wait by thread group (ms) and the node threads' first frames")
    g = collections.Counter()
    for e in evs:
        g[group(thread_of(e))] += ms(e["values"].get("duration"))
    for k, v in g.most_common(10):
        print(f"{v:10.0f} ms  {k}")
    f = collections.Counter()
    for e in evs:
        if group(thread_of(e)) in ("stream thread", "facade result reader", "facade sender", "HTTP (Jetty/Javalin)"):
            f[group(thread_of(e)) + " @ " + first_app_frame(frames(e))] += ms(e["values"].get("duration"))
    for k, v in f.most_common(12):
        print(f"{v:10.0f} ms  {k}")

gcs = [e for e in events if e["type"] == "jdk.GarbageCollection"]
if gcs:
    print(f"\n## GC: {len(gcs)} collections, {sum(ms(e['values'].get('sumOfPauses')) for e in gcs):.0f} ms of pauses")
