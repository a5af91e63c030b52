#!/usr/bin/env python3
"""Attacks a beian-bot server (alone or behind nginx) while a well-behaved
client measures what it still gets. Every run is bounded and stops by itself.

  attack.py --target 127.0.0.1:PORT --duration S [attacks] [checks]

Attacks (any together), from the attacker addresses --from (127.0.0.x,
comma-separated; sockets are spread over them):
  --slow-header N   N sockets each sending a request header one byte every
                    --drip seconds, reconnecting when dropped
  --idle N          N sockets that connect and send nothing, reconnecting
  --chunked K       K parallel chunked POSTs of --chunked-mb MB each
  --many-headers K  K requests of 100,000 small headers each
The well-behaved client (from 127.0.0.1) sends GET /healthz and POST
/v1/messages in turn, a new connection each, for the whole duration.

Checks (exit 1 with a line saying which failed):
  --max-p99 S        the good client's p99 (both routes) at most S seconds
  --max-errors N     the good client's failed requests at most N
  --max-rss-mb M     peak resident memory of --pid PID[,PID…] (summed over
                     those processes and their children, sampled) at most M
  --chunked-status C every chunked flood answered with status C
Prints one table of results.
"""
import argparse
import asyncio
import json
import multiprocessing
import os
import resource
import sys
import time


def parse_target(text):
    host, port = text.rsplit(":", 1)
    return host, int(port)


async def connect(target, source):
    return await asyncio.wait_for(
        asyncio.open_connection(target[0], target[1], local_addr=(source, 0)), timeout=5)


async def http(target, source, method, path, body=None, timeout=5.0):
    """One request on a new connection; returns (status, seconds)."""
    start = time.monotonic()
    reader, writer = await connect(target, source)
    try:
        head = f"{method} {path} HTTP/1.1\r\nHost: {target[0]}:{target[1]}\r\nConnection: close\r\n"
        data = b""
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
            head += f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n"
        writer.write(head.encode() + b"\r\n" + data)
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), timeout)
        await asyncio.wait_for(reader.read(), timeout)
        status = int(status_line.split()[1]) if status_line.startswith(b"HTTP/") else 0
        return status, time.monotonic() - start
    finally:
        writer.close()


async def good_client(target, until, results):
    n = 0
    while time.monotonic() < until:
        n += 1
        if n % 2:
            req = ("GET", "/healthz", None)
        else:
            req = ("POST", "/v1/messages", {"chat_id": "good", "user_id": "good", "text": "主体负责人一定要是法人吗",
                                            "message_id": f"good-{n}"})
        try:
            status, seconds = await http(target, "127.0.0.1", *req)
            results.append((req[1], status, seconds))
        except Exception as e:  # a refused, reset or timed-out request is an error
            results.append((req[1], type(e).__name__, 5.0))
        await asyncio.sleep(0.1)  # a person-paced client, well under any per-address limit


async def hold(target, source, until, drip, stats):
    """One attacker socket, reconnecting until the end: idle (drip=0) or a
    header dripped a byte every `drip` seconds."""
    header = b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: %s\r\n" % (i, b"a" * 20) for i in range(200))
    while time.monotonic() < until:
        try:
            reader, writer = await connect(target, source)
        except Exception:
            stats["refused"] += 1
            await asyncio.sleep(0.2)
            continue
        stats["connections"] += 1
        i = 0
        try:
            while time.monotonic() < until:
                if drip:
                    writer.write(header[i:i + 1])
                    i = (i + 1) % len(header)
                    await writer.drain()
                try:
                    got = await asyncio.wait_for(reader.read(1024), timeout=drip or 1.0)
                except asyncio.TimeoutError:
                    continue
                if not got:  # the server closed it (an answer, 408 or 503, may have come first)
                    stats["dropped"] += 1
                    break
        except Exception:
            stats["dropped"] += 1
        finally:
            writer.close()


async def answered_early(reader, writer):
    """Sends what is queued, lets an answer in (as curl would read it), and
    tells whether the server has answered already: then stop sending."""
    await asyncio.wait_for(writer.drain(), timeout=5)
    await asyncio.sleep(0)
    return reader.at_eof() or len(reader._buffer) > 0


async def status_of(reader):
    """The status of the response (or "no answer" within 5 s)."""
    try:
        line = await asyncio.wait_for(reader.readline(), timeout=5)
        return int(line.split()[1]) if line.startswith(b"HTTP/") else "no answer"
    except Exception:
        return "no answer"


async def chunked_flood(target, source, megabytes, statuses):
    reader, writer = await connect(target, source)
    chunk = b"%x\r\n" % 65536 + b"a" * 65536 + b"\r\n"
    writer.write(b"POST /v1/messages HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\n"
                 b"Transfer-Encoding: chunked\r\n\r\n" % (target[0].encode(), target[1]))
    sent = 0
    try:
        while sent < megabytes * 1024 * 1024:
            writer.write(chunk)
            sent += 65536
            if await answered_early(reader, writer):
                break
    except Exception:
        pass
    status = await status_of(reader)
    writer.close()
    statuses.append((status, sent))


async def many_headers(target, source, statuses):
    reader, writer = await connect(target, source)
    try:
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        for block in range(100):
            writer.write(b"".join(b"X-%d: 1\r\n" % (block * 1000 + i) for i in range(1000)))
            if await answered_early(reader, writer):
                break
        writer.write(b"\r\n")
        await asyncio.wait_for(writer.drain(), timeout=5)
    except Exception:
        pass
    status = await status_of(reader)
    writer.close()
    statuses.append(status)


def rss_kb(pids):
    """Resident memory of the processes and their children, in kB."""
    wanted = set(pids)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) in pids:
                        wanted.add(int(entry))
            except OSError:
                pass
    total = 0
    for pid in wanted:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


async def sample_rss(pids, until, peak):
    while time.monotonic() < until:
        peak[0] = max(peak[0], rss_kb(pids))
        await asyncio.sleep(0.05)


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


async def attack(a, until):
    """The attackers, in a process of their own (a busy attacker loop must not
    slow the good client's measurements)."""
    target = parse_target(a.target)
    sources = a.sources.split(",")
    stats = {"connections": 0, "refused": 0, "dropped": 0}
    chunked, headers, tasks = [], [], []
    for i in range(a.slow_header):
        tasks.append(hold(target, sources[i % len(sources)], until, a.drip, stats))
    for i in range(a.idle):
        tasks.append(hold(target, sources[i % len(sources)], until, 0, stats))
    for i in range(a.chunked):
        tasks.append(chunked_flood(target, sources[i % len(sources)], a.chunked_mb, chunked))
    for i in range(a.many_headers):
        tasks.append(many_headers(target, sources[i % len(sources)], headers))
    await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), timeout=a.duration + 30)
    return stats, chunked, headers


def attacker_process(a, until, pipe):
    pipe.send(asyncio.run(attack(a, until)))


async def measure(a, until):
    target = parse_target(a.target)
    good, peak = [], [0]
    pids = [int(p) for p in a.pid.split(",")] if a.pid else []
    sampler = asyncio.ensure_future(sample_rss(pids, until + 1, peak)) if pids else None
    await asyncio.sleep(min(1.0, a.duration / 4))  # the attack is in place before the good client comes
    await good_client(target, until, good)
    if sampler:
        await sampler
    return good, peak[0] // 1024


def run(a):
    until = time.monotonic() + a.duration
    receive, send = multiprocessing.Pipe(duplex=False)
    attacker = multiprocessing.Process(target=attacker_process, args=(a, until, send))
    attacker.start()
    good, peak_mb = asyncio.run(measure(a, until))
    stats, chunked, headers = receive.recv()
    attacker.join()
    return stats, chunked, headers, good, peak_mb


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--target", required=True)
    ap.add_argument("--from", dest="sources", default="127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5")
    ap.add_argument("--duration", type=float, default=10)
    ap.add_argument("--slow-header", type=int, default=0)
    ap.add_argument("--drip", type=float, default=2.0)
    ap.add_argument("--idle", type=int, default=0)
    ap.add_argument("--chunked", type=int, default=0)
    ap.add_argument("--chunked-mb", type=int, default=100)
    ap.add_argument("--many-headers", type=int, default=0)
    ap.add_argument("--pid", default="")
    ap.add_argument("--max-p99", type=float)
    ap.add_argument("--max-errors", type=int)
    ap.add_argument("--max-rss-mb", type=int)
    ap.add_argument("--chunked-status", type=int)
    ap.add_argument("--label", default="")
    a = ap.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    stats, chunked, headers, good, peak_mb = run(a)
    errors = [g for g in good if not (isinstance(g[1], int) and 200 <= g[1] < 300)]
    by_route = {}
    for route, status, seconds in good:
        by_route.setdefault(route, []).append(seconds)
    label = f"[{a.label}] " if a.label else ""
    print(f"{label}attack: {a.slow_header} slow-header + {a.idle} idle sockets from {len(a.sources.split(','))} "
          f"addresses, {a.chunked} × {a.chunked_mb} MB chunked, {a.many_headers} × 100k headers, {a.duration:.0f} s")
    print(f"{label}attacker connections made {stats['connections']}, refused {stats['refused']}, "
          f"dropped by the server {stats['dropped']}")
    for route, seconds in sorted(by_route.items()):
        print(f"{label}good client {route}: {len(seconds)} requests, p50 {percentile(seconds, 0.5) * 1000:.1f} ms, "
              f"p99 {percentile(seconds, 0.99) * 1000:.1f} ms")
    print(f"{label}good client errors: {len(errors)}" + (f" (first: {errors[0][:2]})" if errors else ""))
    if chunked:
        print(f"{label}chunked floods: statuses {[s for s, _ in chunked]}, MB sent before the answer "
              f"{[round(n / 1048576, 1) for _, n in chunked]}")
    if headers:
        print(f"{label}100k-header requests: statuses {headers}")
    if a.pid:
        print(f"{label}peak RSS of {a.pid} and children: {peak_mb} MB")

    failed = []
    all_seconds = [s for _, _, s in good]
    if a.max_p99 is not None and percentile(all_seconds, 0.99) > a.max_p99:
        failed.append(f"p99 {percentile(all_seconds, 0.99):.3f} s > {a.max_p99} s")
    if a.max_errors is not None and len(errors) > a.max_errors:
        failed.append(f"{len(errors)} good-client errors > {a.max_errors}")
    if not good:
        failed.append("the good client made no request")
    if a.max_rss_mb is not None and peak_mb > a.max_rss_mb:
        failed.append(f"peak RSS {peak_mb} MB > {a.max_rss_mb} MB")
    if a.chunked_status is not None and any(s != a.chunked_status for s, _ in chunked):
        failed.append(f"chunked floods answered {[s for s, _ in chunked]}, expected {a.chunked_status}")
    for f in failed:
        print(f"{label}FAILED: {f}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
