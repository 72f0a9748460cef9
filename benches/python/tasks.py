"""CPython twin of benches/tasks.rs: gather and as_completed on asyncio.

Prints JSON lines:
  {"workload": ..., "impl": "asyncio", "n": ..., "seconds": ...}
      seconds = the median time of one iteration divided by n,
      i.e. the time of one awaitable (criterion's throughput figure for the
      Rust bench).

Workloads and sizes match the Rust bench:
  tasks/gather        n coroutines that return at once (`return i`), passed to
                      asyncio.gather; the results come back in input order
                      (asserted)
  tasks/as_completed  n coroutines; coroutine i yields to the loop i % 7 times
                      (`await asyncio.sleep(0)`, asyncio's bare yield) and
                      returns i; consumed through asyncio.as_completed in
                      completion order (asserted: every value once, a quick
                      one first)

Both wrap each coroutine in a Task, as asyncio always does: there is no
asyncio way to await n coroutines together on one task, so the Python figure
is closer to the Rust bench's tokio_joinset line than to the futures-based ones.

    python3 benches/python/tasks.py [--quick]

--quick: sizes 1_000 and 10_000 and a few samples each, to check that it runs.
"""

import asyncio
import sys

from twin import emit, per_element

SIZES = (1_000, 100_000)
QUICK_SIZES = (1_000, 10_000)
STAGGER = 7



async def ready(i):
    return i


async def gather(n):
    values = await asyncio.gather(*(ready(i) for i in range(n)))
    assert values == list(range(n))


async def staggered(i):
    for _ in range(i % STAGGER):
        await asyncio.sleep(0)
    return i


async def as_completed(n):
    count = total = 0
    first = None
    for next_done in asyncio.as_completed([staggered(i) for i in range(n)]):
        value = await next_done
        if first is None:
            first = value
        count += 1
        total += value
    assert count == n
    assert total == n * (n - 1) // 2
    assert first % STAGGER == 0



async def main():
    quick = "--quick" in sys.argv
    sizes = QUICK_SIZES if quick else SIZES
    budget, min_samples = (0.05, 3) if quick else (3.0, 20)

    async def measure(workload, n, make_run):
        emit(workload, n, await per_element(make_run, n, budget, min_samples))

    for n in sizes:
        await measure("tasks/gather", n, lambda: gather(n))
    for n in sizes:
        await measure("tasks/as_completed", n, lambda: as_completed(n))


if __name__ == "__main__":
    asyncio.run(main())
