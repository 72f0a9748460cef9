"""What every CPython twin of a criterion bench shares: the JSON line it
prints and how it samples. Imported by the twins in this folder (each runs
as `python3 benches/python/AREA.py`, so this folder is on sys.path).
"""

import json
import statistics
import time


def emit(workload, n, seconds, impl="asyncio"):
    """One JSON line: the format `cargo run -p xtask -- compare` reads."""
    print(json.dumps({"workload": workload, "impl": impl, "n": n, "seconds": seconds}), flush=True)


async def per_element(make_run, n, budget, min_samples):
    """Median seconds per element over samples taken for about `budget` seconds."""
    samples = []
    spent = 0.0
    while spent < budget or len(samples) < min_samples:
        start = time.perf_counter()
        await make_run()
        elapsed = time.perf_counter() - start
        samples.append(elapsed)
        spent += elapsed
    return statistics.median(samples) / n
