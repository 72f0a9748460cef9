"""CPython twin of benches/offload.rs: one round trip to a pool, and the CPU job spread over it.

Prints JSON lines:
  {"workload": ..., "impl": ..., "n": ..., "seconds": ...}
      seconds = the median time of one iteration divided by n (n = 1 here:
      one round trip, or one whole CPU job), as criterion reports it for the
      Rust bench.

Workloads and sizes match the Rust bench:
  offload/roundtrip  one trivial job (n + 1) through loop.run_in_executor and
                     awaited, inside one asyncio.run():
                       thread_pool   a ThreadPoolExecutor(max_workers=1)
                       process_pool  a ProcessPoolExecutor(max_workers=1),
                                     warmed by a first job (pickled call and
                                     result through a pipe)
  offload/cpu        seed 002's job: the sum of math.sqrt(n) for n in
                     0..CPU_END, cut into 4 equal chunks:
                       serial        the chunks one after the other
                       thread_pool   ThreadPoolExecutor(2), one job per chunk:
                                     the GIL lets one thread compute at a time,
                                     so expect no speed-up
                       process_pool  ProcessPoolExecutor(2), one job per chunk,
                                     after one untimed run that starts the
                                     workers: two interpreters, two cores
                     every variant checks its sum against the serial one

CPU_END is 20_000_000, as in Rust; CPython takes about a second per serial
run there, so the CPU workloads take few samples.

    python3 benches/python/offload.py [--quick]

--quick: CPU_END 200_000 and a few samples each, to check that it runs.
"""

import os
import sys

# This directory holds queue.py, the twin of benches/queue.rs, which would
# shadow the standard library's queue module that concurrent.futures needs.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [path for path in sys.path if os.path.abspath(path or ".") != _HERE]

import asyncio  # noqa: E402
import concurrent.futures  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

CPU_END = 20_000_000
QUICK_CPU_END = 200_000
CHUNKS = 4
WORKERS = 2


def emit(workload, impl, n, seconds):
    print(json.dumps({"workload": workload, "impl": impl, "n": n, "seconds": seconds}), flush=True)


def add_one(n):
    return n + 1


def sqrt_sum(bounds):
    start, end = bounds
    return sum(map(math.sqrt, range(start, end)))


def chunks(end):
    step = end // CHUNKS
    return [(i * step, end if i + 1 == CHUNKS else (i + 1) * step) for i in range(CHUNKS)]


def check(total, expected):
    assert abs((total - expected) / expected) < 1e-9, (total, expected)


async def median_seconds(run, budget, min_samples):
    """Median seconds of one `await run()` over samples taken for about `budget` seconds."""
    samples = []
    spent = 0.0
    while spent < budget or len(samples) < min_samples:
        start = time.perf_counter()
        await run()
        elapsed = time.perf_counter() - start
        samples.append(elapsed)
        spent += elapsed
    return statistics.median(samples)


async def roundtrip(executor, budget, min_samples):
    loop = asyncio.get_running_loop()
    n = 0

    async def one():
        nonlocal n
        n += 1
        assert await loop.run_in_executor(executor, add_one, n) == n + 1

    await one()  # start the worker before the clock runs
    return await median_seconds(one, budget, min_samples)


async def spread(executor, parts, expected, budget, min_samples):
    loop = asyncio.get_running_loop()

    async def one():
        results = await asyncio.gather(*(loop.run_in_executor(executor, sqrt_sum, part) for part in parts))
        check(sum(results), expected)

    return await median_seconds(one, budget, min_samples)


async def main():
    quick = "--quick" in sys.argv
    end = QUICK_CPU_END if quick else CPU_END
    budget, min_samples = (0.05, 3) if quick else (3.0, 20)
    cpu_budget, cpu_samples = (0.05, 2) if quick else (5.0, 5)

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        emit("offload/roundtrip", "thread_pool", 1, await roundtrip(pool, budget, min_samples))
    with concurrent.futures.ProcessPoolExecutor(max_workers=1) as pool:
        emit("offload/roundtrip", "process_pool", 1, await roundtrip(pool, budget, min_samples))

    parts = chunks(end)
    expected = sqrt_sum((0, end))

    async def serial():
        check(sum(sqrt_sum(part) for part in parts), expected)

    emit("offload/cpu", "serial", 1, await median_seconds(serial, cpu_budget, cpu_samples))
    with concurrent.futures.ThreadPoolExecutor(max_workers=WORKERS) as pool:
        seconds = await spread(pool, parts, expected, cpu_budget, cpu_samples)
        emit("offload/cpu", "thread_pool", 1, seconds)
    with concurrent.futures.ProcessPoolExecutor(max_workers=WORKERS) as pool:
        # One untimed run starts both workers before the clock runs.
        await spread(pool, parts, expected, 0.0, 1)
        seconds = await spread(pool, parts, expected, cpu_budget, cpu_samples)
        emit("offload/cpu", "process_pool", 1, seconds)


if __name__ == "__main__":
    asyncio.run(main())
