//! # Exercise 05: break the deadlock between two locks
//!
//! Read first: "Lock" (`book/src/sync/lock.md`).
//!
//! A transfer moves money between two [`Account`]s and must hold both
//! balances' locks while it does, so that nobody sees the money in neither
//! account or in both. The obvious version takes `from`'s lock, then `to`'s:
//!
//! ```text
//! task 1: transfer(a, b)  locks a ... waits for b
//! task 2: transfer(b, a)  locks b ... waits for a   -> both wait forever
//! ```
//!
//! Two transfers going opposite ways each hold the lock the other needs: a
//! deadlock, in asyncio exactly as in Rust. No timeout or retry is needed to
//! fix it: make every task take the two locks **in the same order**, whatever
//! the direction of the transfer (by [`Account::id`], smallest first). Then
//! whoever gets the first lock can always get the second.
//!
//! Implement [`transfer`]: lock both balances in id order, move `amount`
//! from `from` to `to` (a balance may go negative; no checks needed), and
//! release both (drop the guards).
//!
//! Run the tests: `cargo test -p aio-exercises --test exercises ex05`.

pub use crate::given::Account;

/// Moves `amount` from `from` to `to`, holding both accounts' locks.
/// `from` and `to` are different accounts.
pub async fn transfer(from: &Account, to: &Account, amount: i64) {
    let _ = (from, to, amount);
    todo!("exercise 05: lock the account with the smaller id first, then the other; move the money")
}
