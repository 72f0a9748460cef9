"""CPython twin of benches/threaded_loop.rs: the same four workloads on asyncio's loop.

The Rust bench runs them on 1 and 2 worker threads. CPython has one event loop
per thread, and a loop's callbacks and tasks all run on the thread that runs
it: there is no multi-threaded asyncio loop to compare, so this twin runs each
workload on one thread, one loop, inside one asyncio.run() (the baseline that
seed 003's multi-threaded loop sets out to beat).

Prints JSON lines:
  {"workload": ..., "impl": "asyncio", "n": ..., "seconds": ...}
      seconds = the median time of one iteration divided by n,
      i.e. the time of one task, timer, job or callback (criterion's
      throughput figure for the Rust bench).

Workloads, sizes and delays match the Rust bench:
  threaded/spawn_join  10_000 trivial tasks from loop.create_task, then awaited
                       one by one
  threaded/timers      10_000 timers with loop.call_later, delays from
                       xorshift64 with the Rust bench's seed in 0..1000 µs;
                       all fire, counted and asserted
  threaded/mixed       2_000 jobs: loop.call_soon runs a CPU burst, then
                       loop.call_later (delay in 0..500 µs, same generator)
                       runs a second burst
  threaded/call_soon   100_000 callbacks from loop.call_soon, each bumping a
                       counter; the one that brings it to n resolves the
                       future the benchmark awaits

The burst: the Rust bench runs 1_700 rounds of a 64-bit linear congruential
generator, about 2 µs. The same rounds in CPython take about a hundred times
longer, which would turn the workload into a measurement of Python
arithmetic; here the number of rounds is calibrated at start-up so that a
burst takes about BURST_SECONDS, the same CPU time per burst as in Rust
(the rounds are printed on stderr).

    python3 benches/python/threaded_loop.py [--quick]

--quick: a few samples of each workload, to check that it runs.
"""

import asyncio
import sys
import time

from twin import emit, per_element

SPAWN_TASKS = 10_000
TIMERS = 10_000
MAX_TIMER_DELAY_MICROS = 1_000
MIXED_JOBS = 2_000
MAX_MIXED_DELAY_MICROS = 500
CALLBACKS = 100_000
BURST_SECONDS = 2e-6

MASK = (1 << 64) - 1



def delays(n, max_micros):
    """n delays in seconds, from the Rust bench's xorshift64 and seed."""
    state = 0x9E3779B97F4A7C15
    out = []
    for _ in range(n):
        state ^= (state << 13) & MASK
        state ^= state >> 7
        state ^= (state << 17) & MASK
        out.append((state % max_micros) / 1_000_000)
    return out


def burst(seed, rounds):
    """rounds steps of the Rust bench's linear congruential generator."""
    x = seed
    for _ in range(rounds):
        x = (x * 6364136223846793005 + 1442695040888963407) & MASK
    return x


def calibrate_rounds():
    """The number of burst rounds that takes about BURST_SECONDS."""
    trial = 10_000
    start = time.perf_counter()
    burst(1, trial)
    per_round = (time.perf_counter() - start) / trial
    return max(1, round(BURST_SECONDS / per_round))


async def spawn_join(n):
    async def trivial(i):
        return i

    tasks = [asyncio.create_task(trivial(i)) for i in range(n)]
    for i, task in enumerate(tasks):
        assert await task == i


class Countdown:
    """Counts callbacks; the one that reaches target resolves `done`."""

    def __init__(self, loop, target):
        self.count = 0
        self.target = target
        self.done = loop.create_future()

    def tick(self):
        self.count += 1
        if self.count == self.target:
            self.done.set_result(self.count)


async def timers(timer_delays):
    loop = asyncio.get_running_loop()
    fired = Countdown(loop, len(timer_delays))
    for delay in timer_delays:
        loop.call_later(delay, fired.tick)
    assert await fired.done == len(timer_delays)


async def mixed(job_delays, rounds):
    loop = asyncio.get_running_loop()
    finished = Countdown(loop, len(job_delays))

    def second_half(first):
        burst(first, rounds)
        finished.tick()

    def job(seed, delay):
        first = burst(seed, rounds)
        loop.call_later(delay, second_half, first)

    for seed, delay in enumerate(job_delays):
        loop.call_soon(job, seed, delay)
    assert await finished.done == len(job_delays)


async def call_soon(n):
    loop = asyncio.get_running_loop()
    count = Countdown(loop, n)
    for _ in range(n):
        loop.call_soon(count.tick)
    assert await count.done == n



async def main():
    quick = "--quick" in sys.argv
    budget, min_samples = (0.05, 3) if quick else (3.0, 20)
    rounds = calibrate_rounds()
    print(f"burst: {rounds} rounds of about {BURST_SECONDS * 1e6:.0f} µs", file=sys.stderr)

    async def measure(workload, n, make_run):
        emit(workload, n, await per_element(make_run, n, budget, min_samples))

    timer_delays = delays(TIMERS, MAX_TIMER_DELAY_MICROS)
    job_delays = delays(MIXED_JOBS, MAX_MIXED_DELAY_MICROS)
    await measure("threaded/spawn_join", SPAWN_TASKS, lambda: spawn_join(SPAWN_TASKS))
    await measure("threaded/timers", TIMERS, lambda: timers(timer_delays))
    await measure("threaded/mixed", MIXED_JOBS, lambda: mixed(job_delays, rounds))
    await measure("threaded/call_soon", CALLBACKS, lambda: call_soon(CALLBACKS))


if __name__ == "__main__":
    asyncio.run(main())
