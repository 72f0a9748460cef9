//! Manual acquire/release, and one release too many: a `BoundedSemaphore`
//! refuses it with an error, a plain `Semaphore` silently grows. Book:
//! "Synchronization", BoundedSemaphore.
//!
//!     cargo run --example bounded_semaphore_misuse [-- --quick]
mod common;

use std::time::Duration;

use aio_primer::sync::{BoundedSemaphore, Semaphore};
use common::Options;
use tokio::time::sleep;

const CONNECTIONS: usize = 2;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let options = Options::from_env();
    let request = options.time(Duration::from_millis(200));

    // A pool of two database connections, used the Python way:
    // `await pool.acquire()` ... `pool.release()`, no `async with`.
    // `forget` keeps the permit taken without a guard to give it back.
    let pool = BoundedSemaphore::new(CONNECTIONS);
    pool.acquire().await.forget();
    println!(
        "acquired by hand: {} of {CONNECTIONS} free",
        pool.available_permits()
    );
    sleep(request).await; // the request fails...
    // ...and the error path releases, then the cleanup code releases again:
    // Python's `except: pool.release()` followed by `finally: pool.release()`.
    pool.release().expect("the matching release succeeds");
    println!(
        "released once (error path): {} free",
        pool.available_permits()
    );
    let error = pool
        .release()
        .expect_err("a second release must be refused");
    println!("released twice (cleanup): Err({error})");
    println!(
        "  still {} free, bound {}",
        pool.available_permits(),
        pool.bound()
    );

    // A guard (`Permit`) can only give back what it took: the safe default.
    {
        let _connection = pool.acquire().await;
        println!("with a Permit guard: {} free", pool.available_permits());
    }
    println!("guard dropped: {} free", pool.available_permits());
    assert_eq!(pool.available_permits(), CONNECTIONS, "the bound holds");

    // The same bug with a plain Semaphore: nothing complains, and the pool
    // now lets three requests in at once with two connections.
    let plain = Semaphore::new(CONNECTIONS);
    plain.acquire().await.forget();
    sleep(request).await;
    plain.release();
    plain.release(); // one too many, silently accepted
    let grown = plain.available_permits();
    println!("plain Semaphore after the same two releases: {grown} free of {CONNECTIONS}");
    let at_once: Vec<_> = (0..grown).filter_map(|_| plain.try_acquire()).collect();
    println!(
        "  {} requests now run at once on {CONNECTIONS} connections",
        at_once.len()
    );
    assert_eq!(grown, CONNECTIONS + 1, "the plain semaphore must grow");
}
