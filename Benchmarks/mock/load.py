"""A bounded load check of spec-mock: N concurrent clients send M requests each (plain and streamed) on
loopback and every answer must be a 200. Prints throughput and latency percentiles. Usage: load.py URL [N] [M]"""

import concurrent.futures
import json
import statistics
import sys
import time
import urllib.request

URL = sys.argv[1].rstrip("/") + "/v1/messages"
WORKERS = int(sys.argv[2]) if len(sys.argv) > 2 else 8
PER_WORKER = int(sys.argv[3]) if len(sys.argv) > 3 else 100
HEADERS = {"x-api-key": "k", "content-type": "application/json", "anthropic-version": "2023-06-01"}


def body(k, stream):
    return json.dumps({
        "model": "claude-sonnet-4-5", "max_tokens": 256, "stream": stream,
        "messages": [{"role": "user", "content": f"request {k}"}],
    }).encode()


def worker(w):
    latencies, failures = [], 0
    for k in range(PER_WORKER):
        request = urllib.request.Request(URL, data=body(w * PER_WORKER + k, k % 2 == 1), headers=HEADERS)
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
                if response.status != 200:
                    failures += 1
        except Exception:
            failures += 1
        latencies.append(time.perf_counter() - start)
    return latencies, failures


def main():
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(worker, range(WORKERS)))
    elapsed = time.perf_counter() - start
    latencies = sorted(l for ls, _ in results for l in ls)
    failures = sum(f for _, f in results)
    n = len(latencies)
    print(f"requests {n} (half streamed), {WORKERS} concurrent clients, failures {failures}")
    print(f"throughput {n / elapsed:.0f} requests/s over {elapsed:.2f} s")
    print("latency ms  p50 {:.1f}  p90 {:.1f}  p99 {:.1f}  max {:.1f}".format(
        1000 * latencies[n // 2], 1000 * latencies[int(n * 0.9)], 1000 * latencies[min(n - 1, int(n * 0.99))],
        1000 * latencies[-1]))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
