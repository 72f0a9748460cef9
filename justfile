# Conveniences only: README's two commands need nothing but cargo.
# Install just with `cargo install --locked just`.

set shell := ["bash", "-euo", "pipefail", "-c"]

# list the recipes
default:
    @just --list

# the narrated tour of every part that has landed
tour:
    cargo run --example tour

# every test of the default workspace (the exercises excepted)
test:
    cargo test

# everything CI checks, as CI runs it
ci:
    bash .ci/run

# serve the book at http://localhost:3000 (installs mdbook 0.5.4 if missing)
book:
    command -v mdbook >/dev/null || cargo install --locked mdbook@0.5.4
    mdbook serve book

# the model checks: shuttle (random + PCT schedules) and loom (every interleaving)
check-models:
    bash .ci/check-models

# the classroom exercises: progress, the next one and its hint (`just exercises --hint 03`)
exercises *args:
    cargo run --quiet -p aio-exercises --bin check -- {{args}}

# every criterion bench, then the CPython twins
bench:
    cargo bench --workspace
    for twin in benches/python/*.py; do [ "$(basename "$twin")" = twin.py ] || python3 "$twin"; done

# the benches and their CPython twins side by side: writes book/src/measurements.md
# (flags: --quick, --no-run, --area NAME, --out PATH; e.g. `just compare --quick`)
compare *FLAGS:
    cargo run -q -p xtask -- compare {{FLAGS}}

# every example with short waits, as CI runs them
examples:
    for f in examples/*.rs; do cargo run --quiet --example "$(basename "$f" .rs)" -- --quick; done
