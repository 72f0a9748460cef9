"""CPython twin of benches/sync.rs: the same workloads on asyncio's primitives.

Prints JSON lines:
  {"workload": ..., "impl": "asyncio", "n": ..., "seconds": ...}
      seconds = the median time of one iteration divided by its operations
      (acquisitions, waiters or turns), i.e. the time of one operation.

Workloads and sizes match the Rust bench:
  lock/uncontended    n=1: one task, OPS lock/unlock pairs per iteration
  lock/contended      n=2, 16, 256 tasks, ROUNDS acquisitions each, held across sleep(0)
  semaphore/limit     n=16, 256 tasks, Semaphore(PERMITS), ROUNDS acquisitions each
  event/fanout        n=WAITERS tasks wait on one Event, one set() wakes them all
  condition/pingpong  n=TURNS turns handed back and forth between two tasks

    python3 benches/python/sync.py [--quick]
"""

import asyncio
import json
import statistics
import sys
import time

OPS = 1_000
LOCK_TASKS = (2, 16, 256)
SEMAPHORE_TASKS = (16, 256)
ROUNDS = 32
PERMITS = 4
WAITERS = 1_000
TURNS = 1_000


def emit(workload, n, seconds):
    print(json.dumps({"workload": workload, "impl": "asyncio", "n": n, "seconds": seconds}), flush=True)


async def uncontended(lock):
    counter = 0
    for _ in range(OPS):
        async with lock:
            counter += 1
    assert counter == OPS


async def hold_across_yield(primitive, rounds):
    for _ in range(rounds):
        async with primitive:
            await asyncio.sleep(0)


async def contended(tasks):
    lock = asyncio.Lock()
    await asyncio.gather(*(hold_across_yield(lock, ROUNDS) for _ in range(tasks)))
    assert not lock.locked()


async def limit(tasks):
    semaphore = asyncio.Semaphore(PERMITS)
    await asyncio.gather(*(hold_across_yield(semaphore, ROUNDS) for _ in range(tasks)))
    assert not semaphore.locked()


async def fanout(waiters):
    event = asyncio.Event()
    tasks = [asyncio.create_task(event.wait()) for _ in range(waiters)]
    await asyncio.sleep(0)  # every task runs its first step and parks on the event
    assert not any(task.done() for task in tasks)
    event.set()
    await asyncio.gather(*tasks)


async def take_turns(cond, turn, me, turns):
    for _ in range(turns):
        async with cond:
            await cond.wait_for(lambda: turn[0] == me)
            turn[0] = not me
            cond.notify(1)


async def pingpong(turns):
    cond = asyncio.Condition()
    turn = [False]
    await asyncio.gather(
        take_turns(cond, turn, False, turns // 2),
        take_turns(cond, turn, True, turns // 2),
    )
    assert turn[0] is False


async def per_operation(make_run, operations, budget, min_samples):
    """Median seconds per operation over samples taken for about `budget` seconds."""
    samples = []
    spent = 0.0
    while spent < budget or len(samples) < min_samples:
        start = time.perf_counter()
        await make_run()
        elapsed = time.perf_counter() - start
        samples.append(elapsed)
        spent += elapsed
    return statistics.median(samples) / operations


async def main():
    quick = "--quick" in sys.argv
    budget, min_samples = (0.05, 3) if quick else (2.0, 20)

    async def measure(workload, n, make_run, operations):
        emit(workload, n, await per_operation(make_run, operations, budget, min_samples))

    lock = asyncio.Lock()
    await measure("lock/uncontended", 1, lambda: uncontended(lock), OPS)
    for n in LOCK_TASKS:
        await measure("lock/contended", n, lambda: contended(n), n * ROUNDS)
    for n in SEMAPHORE_TASKS:
        await measure("semaphore/limit", n, lambda: limit(n), n * ROUNDS)
    await measure("event/fanout", WAITERS, lambda: fanout(WAITERS), WAITERS)
    await measure("condition/pingpong", TURNS, lambda: pingpong(TURNS), TURNS)


if __name__ == "__main__":
    asyncio.run(main())
