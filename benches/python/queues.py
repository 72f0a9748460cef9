"""CPython twin of benches/queue.rs: the same workloads on asyncio's queues.

Prints JSON lines:
  {"workload": ..., "impl": "asyncio", "n": ..., "seconds": ...}
      seconds = the median time of one iteration divided by its items,
      i.e. the time of one item (for queue/priority: one put and one get).

Workloads and sizes match the Rust bench (its group, then the variant that
follows the implementation's name in its id):
  queue/spsc/unbounded   n=ITEMS: one producer task, one consumer task, Queue()
  queue/spsc/bounded64   n=ITEMS: the same through Queue(CAPACITY)
  queue/mpmc/bounded64   n=ITEMS: PRODUCERS producers, CONSUMERS consumers, Queue(CAPACITY)
  queue/priority         n=ITEMS: put 0..ITEMS in a fixed pseudo-random order
                         into a PriorityQueue(), then get them all, smallest first

    python3 benches/python/queues.py [--quick]
"""

import asyncio
import sys

from twin import emit, per_element as per_item

ITEMS = 10_000
CAPACITY = 64
PRODUCERS = 4
CONSUMERS = 4



async def produce(queue, index, producers, items):
    for item in range(index, items, producers):
        await queue.put(item)


async def consume(queue, count):
    total = 0
    for _ in range(count):
        total += await queue.get()
    return total


async def flow(queue, producers, consumers, items):
    """Producers send 0..items between them; each consumer receives its share.
    Consumers start first, so they are the first to wait, as in the Rust bench."""
    consumer_tasks = [asyncio.create_task(consume(queue, items // consumers)) for _ in range(consumers)]
    producer_tasks = [asyncio.create_task(produce(queue, index, producers, items)) for index in range(producers)]
    await asyncio.gather(*producer_tasks)
    received = await asyncio.gather(*consumer_tasks)
    assert sum(received) == items * (items - 1) // 2


def shuffled(items):
    """0..items in a fixed pseudo-random order: the Rust bench's Fisher-Yates
    with xorshift64, so both put the same keys in the same order."""
    mask = (1 << 64) - 1
    keys = list(range(items))
    state = 0x9E3779B97F4A7C15
    for last in range(items - 1, 0, -1):
        state ^= (state << 13) & mask
        state ^= state >> 7
        state ^= (state << 17) & mask
        pick = state % (last + 1)
        keys[last], keys[pick] = keys[pick], keys[last]
    return keys


async def priority(keys):
    queue = asyncio.PriorityQueue()

    async def producer():
        for key in keys:
            await queue.put(key)

    async def consumer():
        for expected in range(len(keys)):
            assert await queue.get() == expected

    await asyncio.create_task(producer())
    await asyncio.create_task(consumer())



async def main():
    quick = "--quick" in sys.argv
    budget, min_samples = (0.05, 3) if quick else (2.0, 20)

    async def measure(workload, make_run):
        emit(workload, ITEMS, await per_item(make_run, ITEMS, budget, min_samples))

    await measure("queue/spsc/unbounded", lambda: flow(asyncio.Queue(), 1, 1, ITEMS))
    await measure("queue/spsc/bounded64", lambda: flow(asyncio.Queue(CAPACITY), 1, 1, ITEMS))
    await measure(
        "queue/mpmc/bounded64",
        lambda: flow(asyncio.Queue(CAPACITY), PRODUCERS, CONSUMERS, ITEMS),
    )
    keys = shuffled(ITEMS)
    await measure("queue/priority", lambda: priority(keys))


if __name__ == "__main__":
    asyncio.run(main())
