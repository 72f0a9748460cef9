"""CPython twin of benches/spawn.rs and of the threads_vs_tasks_scale example.

Prints JSON lines:
  {"workload": "spawn/join", "impl": ..., "n": ..., "seconds": ...}
      seconds = the median time of one iteration (spawn n units, join them all);
  {"workload": "idle/memory", "impl": ..., "n": ..., "seconds": ..., "rss_bytes_per_unit": ...}
      seconds = spawn + join time of n idle units, rss = VmRSS growth per unit.

    python3 benches/python/spawn.py [--quick]
"""

import asyncio
import json
import statistics
import sys
import threading
import time

SIZES = (1, 100)


def emit(workload, impl, n, seconds, **extra):
    print(json.dumps({"workload": workload, "impl": impl, "n": n, "seconds": seconds, **extra}))


def median_time(run, iterations):
    samples = []
    for _ in range(iterations):
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def threads(n):
    units = [threading.Thread(target=lambda: None) for _ in range(n)]
    for unit in units:
        unit.start()
    for unit in units:
        unit.join()


async def noop():
    return None


async def tasks(n):
    units = [asyncio.create_task(noop()) for _ in range(n)]
    for unit in units:
        await unit


def rss_bytes():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


async def idle_tasks(n):
    gate = asyncio.Event()
    before = rss_bytes()
    start = time.perf_counter()
    units = [asyncio.create_task(gate.wait()) for _ in range(n)]
    await asyncio.sleep(0)  # every task starts and parks on the event
    during = rss_bytes()
    gate.set()
    for unit in units:
        await unit
    return time.perf_counter() - start, before, during


def idle_threads(n):
    gate = threading.Event()
    parked = threading.Barrier(n + 1)

    def park():
        parked.wait()
        gate.wait()

    before = rss_bytes()
    start = time.perf_counter()
    units = [threading.Thread(target=park) for _ in range(n)]
    for unit in units:
        unit.start()
    parked.wait()
    during = rss_bytes()
    gate.set()
    for unit in units:
        unit.join()
    return time.perf_counter() - start, before, during


def per_unit(before, during, n):
    if before is None or during is None:
        return None
    return (during - before) / n


def main():
    quick = "--quick" in sys.argv
    iterations = 20 if quick else 200
    for n in SIZES:
        emit("spawn/join", "python_thread", n, median_time(lambda: threads(n), iterations))
        loop = asyncio.new_event_loop()
        emit("spawn/join", "asyncio_task", n, median_time(lambda: loop.run_until_complete(tasks(n)), iterations))
        loop.close()

    task_count, thread_count = (10_000, 200) if quick else (100_000, 2_000)
    seconds, before, during = asyncio.run(idle_tasks(task_count))
    emit("idle/memory", "asyncio_task", task_count, seconds,
         rss_bytes_per_unit=per_unit(before, during, task_count))
    seconds, before, during = idle_threads(thread_count)
    emit("idle/memory", "python_thread", thread_count, seconds,
         rss_bytes_per_unit=per_unit(before, during, thread_count))


if __name__ == "__main__":
    main()
