"""A boto3 closed loop for s3-vs-boto3.ts: `threads` threads share one client (boto3 clients are
thread-safe), each runs the same operation mix as the s3 driver over keys of its own, so a read never
races a delete. argv[1]: JSON config. Last stdout line: JSON results of the measured window."""
import json
import random
import sys
import threading
import time

import boto3
from botocore.config import Config

cfg = json.loads(sys.argv[1])
OPS = ["get", "put", "delete", "list", "stat"]
weights = [cfg["mix"].get(op, 0) for op in OPS]
payload = random.randbytes(cfg["objectSize"])
client = boto3.client(
    "s3",
    endpoint_url=cfg["endpoint"],
    aws_access_key_id=cfg["accessKey"],
    aws_secret_access_key=cfg["secretKey"],
    region_name=cfg["region"],
    config=Config(
        signature_version="s3v4",
        s3={"addressing_style": "path"},
        max_pool_connections=cfg["threads"],
        retries={"total_max_attempts": 1},
        # The s3 driver sends no checksums: boto3's default CRC32 on every PUT would be extra work.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
    ),
)
bucket = cfg["bucket"]
measure_from = 0.0
measure_to = 0.0
lock = threading.Lock()
latencies = {op: [] for op in OPS}
errors = {}
bytes_read = 0
bytes_written = 0
fatal = []


def worker(t, share):
    global bytes_read, bytes_written
    prefix = f"{cfg['keyPrefix']}{t}/"
    try:
        for k in range(share):
            client.put_object(Bucket=bucket, Key=f"{prefix}{k}", Body=payload)
    except Exception as e:
        fatal.append(f"prepare: PUT {bucket}/{prefix}{k}: {e}")
        return
    live, free, nxt = list(range(share)), [], share
    lat = {op: [] for op in OPS}
    errs, read, written = {}, 0, 0
    start_barrier.wait()
    while True:
        started = time.perf_counter()
        if started >= measure_to:
            break
        op = random.choices(OPS, weights)[0]
        if op in ("get", "stat", "delete") and not live:
            op = "put"
        try:
            if op == "get":
                body = client.get_object(Bucket=bucket, Key=f"{prefix}{random.choice(live)}")["Body"].read()
                n = len(body)
            elif op == "stat":
                client.head_object(Bucket=bucket, Key=f"{prefix}{random.choice(live)}")
            elif op == "delete":
                k = live.pop(random.randrange(len(live)))
                free.append(k)
                client.delete_object(Bucket=bucket, Key=f"{prefix}{k}")
            elif op == "list":
                client.list_objects_v2(Bucket=bucket, Prefix=prefix, MaxKeys=cfg["listMaxKeys"])
            else:
                if free:
                    k = free.pop()
                else:
                    k, nxt = nxt, nxt + 1
                client.put_object(Bucket=bucket, Key=f"{prefix}{k}", Body=payload)
                live.append(k)
            ended = time.perf_counter()
            if started >= measure_from:
                lat[op].append((ended - started) * 1000)
                if op == "get":
                    read += n
                elif op == "put":
                    written += len(payload)
        except Exception as e:  # counted by type, like the driver's errors
            code = getattr(e, "response", {}).get("Error", {}).get("Code") or type(e).__name__
            errs[code] = errs.get(code, 0) + 1
    with lock:
        for op in OPS:
            latencies[op].extend(lat[op])
        for code, n in errs.items():
            errors[code] = errors.get(code, 0) + n
        bytes_read += read
        bytes_written += written


def pct(values, p):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


threads_n = cfg["threads"]
start_barrier = threading.Barrier(threads_n + 1)
shares = [cfg["objects"] // threads_n + (1 if t < cfg["objects"] % threads_n else 0) for t in range(threads_n)]
threads = [threading.Thread(target=worker, args=(t, shares[t]), daemon=True) for t in range(threads_n)]
for th in threads:
    th.start()
prepare_started = time.perf_counter()
# Workers upload their share first; the load (warm-up, then the measured window) starts when all are done.
while start_barrier.n_waiting < threads_n:
    if fatal:
        sys.exit(fatal[0])
    time.sleep(0.01)
prepare_s = time.perf_counter() - prepare_started
now = time.perf_counter()
measure_from = now + cfg["warmupMs"] / 1000
measure_to = measure_from + cfg["durationMs"] / 1000
start_barrier.wait()
time.sleep(max(0.0, measure_from - time.perf_counter()))
cpu_from = time.process_time()
time.sleep(max(0.0, measure_to - time.perf_counter()))
cpu_s = time.process_time() - cpu_from
for th in threads:
    th.join()
result = {
    "boto3": boto3.__version__,
    "prepareS": round(prepare_s, 3),
    "durationS": cfg["durationMs"] / 1000,
    "cpuS": round(cpu_s, 3),
    "ops": {op: len(latencies[op]) for op in OPS},
    "latencyMs": {op: {"p50": pct(latencies[op], 50), "p99": pct(latencies[op], 99)} for op in OPS if latencies[op]},
    "errors": errors,
    "bytesRead": bytes_read,
    "bytesWritten": bytes_written,
}
print(json.dumps(result))
