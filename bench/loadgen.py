"""A small HTTP/1.1 keep-alive load generator, run in its own process by the benchmarks.

Python clients such as httpx top out near the rate being measured, so this one writes prepared
request bytes on raw asyncio streams and only parses what it needs (status and Content-Length).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time


async def _worker(host, port, request: bytes, deadline: float, latencies: list, statuses: dict):
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            writer.write(request)
            status_line = await reader.readline()
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - t0)
            code = int(status_line.split()[1])
            statuses[code] = statuses.get(code, 0) + 1
    finally:
        writer.close()


async def run(host: str, port: int, path: str, body: bytes, concurrency: int, seconds: float) -> dict:
    request = (f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
               f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    start = time.perf_counter()
    await asyncio.gather(*(_worker(host, port, request, start + seconds, latencies, statuses)
                           for _ in range(concurrency)))
    elapsed = time.perf_counter() - start
    latencies.sort()

    def pct(q):
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else float("nan")

    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "p50_ms": pct(0.5), "p99_ms": pct(0.99),
            "statuses": statuses}


if __name__ == "__main__":
    host, port, path, body_file, conc, secs = sys.argv[1:7]
    with open(body_file, "rb") as fh:
        body = fh.read()
    print(json.dumps(asyncio.run(run(host, int(port), path, body, int(conc), float(secs)))))
