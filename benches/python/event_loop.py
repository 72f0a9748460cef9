"""CPython twin of benches/event_loop.rs: the same three workloads on asyncio's loop.

Prints JSON lines:
  {"workload": ..., "impl": "asyncio", "n": ..., "seconds": ...}
      seconds = the median time of one iteration divided by n,
      i.e. the time of one callback, timer or task (criterion's throughput
      figure for the Rust bench).

Workloads, sizes and the timer delays match the Rust bench:
  loop/call_soon   n callbacks scheduled with loop.call_soon, each bumping a
                   counter; the one that brings it to n resolves the future
                   the benchmark awaits
  loop/timers      n timers with loop.call_later, delays from xorshift64 with
                   the Rust bench's seed in 0..MAX_DELAY_MICROS µs; every odd
                   one is cancelled at once, the rest fire (asserted: n / 2)
  loop/spawn_join  n trivial tasks from loop.create_task, then awaited one by one

Every workload runs inside one asyncio.run(), on the default loop. In
loop/timers the loop drops the cancelled timers that outlive the last live
one at the head of its heap on the next iteration, i.e. at the start of the
next sample: each sample pays for the previous one's, the same work in all.

    python3 benches/python/event_loop.py [--quick]

--quick: sizes 1_000 and 10_000 and a few samples each, to check that it runs.
"""

import asyncio
import sys

from twin import emit, per_element

SIZES = (1_000, 100_000)
QUICK_SIZES = (1_000, 10_000)
MAX_DELAY_MICROS = 1_000



def delays(n):
    """n delays in seconds, from the Rust bench's xorshift64 and seed."""
    mask = (1 << 64) - 1
    state = 0x9E3779B97F4A7C15
    out = []
    for _ in range(n):
        state ^= (state << 13) & mask
        state ^= state >> 7
        state ^= (state << 17) & mask
        out.append((state % MAX_DELAY_MICROS) / 1_000_000)
    return out


def cancelled(index):
    """Every odd timer is cancelled, as in the Rust bench."""
    return index % 2 == 1


async def call_soon(n):
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    count = 0

    def bump():
        nonlocal count
        count += 1
        if count == n:
            done.set_result(count)

    for _ in range(n):
        loop.call_soon(bump)
    assert await done == n


async def timers(timer_delays):
    loop = asyncio.get_running_loop()
    expected = sum(1 for index in range(len(timer_delays)) if not cancelled(index))
    done = loop.create_future()
    fired = 0

    def fire():
        nonlocal fired
        fired += 1
        if fired == expected:
            done.set_result(fired)

    handles = [loop.call_later(delay, fire) for delay in timer_delays]
    for index, handle in enumerate(handles):
        if cancelled(index):
            handle.cancel()
    assert await done == expected


async def trivial(i):
    return i


async def spawn_join(n):
    tasks = [asyncio.create_task(trivial(i)) for i in range(n)]
    for i, task in enumerate(tasks):
        assert await task == i



async def main():
    quick = "--quick" in sys.argv
    sizes = QUICK_SIZES if quick else SIZES
    budget, min_samples = (0.05, 3) if quick else (3.0, 20)

    async def measure(workload, n, make_run):
        emit(workload, n, await per_element(make_run, n, budget, min_samples))

    for n in sizes:
        await measure("loop/call_soon", n, lambda: call_soon(n))
    for n in sizes:
        timer_delays = delays(n)
        await measure("loop/timers", n, lambda: timers(timer_delays))
    for n in sizes:
        await measure("loop/spawn_join", n, lambda: spawn_join(n))


if __name__ == "__main__":
    asyncio.run(main())
