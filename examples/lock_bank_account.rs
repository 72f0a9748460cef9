//! Lost deposits: read the balance, `.await` something, write it back. Without
//! a lock held across the `.await`, tasks overwrite each other's updates; with
//! `aio_sync::Lock` none is lost. Book: "Synchronization", Lock.
//!
//!     cargo run --example lock_bank_account [-- --quick]
mod common;

use std::sync::{Arc, Mutex};

use aio_primer::sync::Lock;
use common::Options;
use tokio::task::{JoinSet, yield_now};

const CLERKS: u64 = 5;
const AMOUNT: u64 = 10;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let options = Options::from_env();
    let deposits = options.size(100, 10) as u64;
    let expected = CLERKS * deposits * AMOUNT;
    println!("{CLERKS} clerks each deposit {AMOUNT} EUR, {deposits} times: expect {expected}.");

    // 1. Unprotected: the std Mutex only makes each read and each write atomic
    //    on its own. Between them the clerk awaits (a database round trip,
    //    here `yield_now`), and the other clerks read the same old balance.
    let account = Arc::new(Mutex::new(0));
    let mut clerks = JoinSet::new();
    for _ in 0..CLERKS {
        let account = Arc::clone(&account);
        // ANCHOR: std_mutex_split
        clerks.spawn(async move {
            for _ in 0..deposits {
                let seen = *account.lock().unwrap();
                yield_now().await; // every other clerk runs here
                *account.lock().unwrap() = seen + AMOUNT;
            }
        });
        // ANCHOR_END: std_mutex_split
    }
    clerks.join_all().await;
    let unlocked = *account.lock().unwrap();
    println!(
        "without a lock: {unlocked} EUR, {} EUR lost",
        expected - unlocked
    );

    // 2. `async with lock:` around the whole read-await-write. The guard is
    //    the only way to the balance, and it is held across the `.await`, so
    //    the others queue (FIFO) instead of reading a stale value.
    let account = Arc::new(Lock::new(0));
    let mut clerks = JoinSet::new();
    for _ in 0..CLERKS {
        let account = Arc::clone(&account);
        clerks.spawn(async move {
            for _ in 0..deposits {
                // ANCHOR: cs_lock
                let mut balance = account.lock().await;
                let seen = *balance;
                yield_now().await; // the others wait for the lock meanwhile
                *balance = seen + AMOUNT;
                // ANCHOR_END: cs_lock
            }
        });
    }
    clerks.join_all().await;
    let locked = *account.lock().await;
    println!("with aio_sync::Lock: {locked} EUR, nothing lost");

    assert_eq!(locked, expected, "the lock must serialize the deposits");
    assert!(
        unlocked < expected,
        "without the lock, updates must be lost"
    );
}
