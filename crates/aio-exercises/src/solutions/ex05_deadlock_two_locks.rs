//! Reference solution of exercise 05 (see the exercise file for the task).

pub use crate::given::Account;

/// Moves `amount` from `from` to `to`, holding both accounts' locks.
/// `from` and `to` are different accounts.
pub async fn transfer(from: &Account, to: &Account, amount: i64) {
    // One global order (by id) for every task: no cycle of waits can form.
    let (first, second) = if from.id < to.id {
        (from, to)
    } else {
        (to, from)
    };
    let mut first_balance = first.balance.lock().await;
    let mut second_balance = second.balance.lock().await;
    let (from_balance, to_balance) = if from.id < to.id {
        (&mut first_balance, &mut second_balance)
    } else {
        (&mut second_balance, &mut first_balance)
    };
    **from_balance -= amount;
    **to_balance += amount;
}
