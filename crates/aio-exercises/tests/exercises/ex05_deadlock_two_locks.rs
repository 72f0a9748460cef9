use std::sync::Arc;

use aio_exercises::ex05_deadlock_two_locks::{Account, transfer};
use aio_exercises::support::run_with_deadline;
use aio_testkit::{TestTask, WakeLog, XorShift};

#[test]
fn a_transfer_moves_the_money() {
    let (a, b) = (Account::new(1, 100), Account::new(2, 0));
    futures::executor::block_on(async {
        transfer(&a, &b, 30).await;
        transfer(&b, &a, 10).await;
    });
    assert_eq!((a.balance.into_inner(), b.balance.into_inner()), (80, 20));
}

#[test]
fn two_transfers_the_opposite_ways_do_not_deadlock() {
    let (a, b) = (Account::new(1, 100), Account::new(2, 100));
    let log = WakeLog::new();
    // Someone holds `a` while both transfers start.
    let busy = a.balance.try_lock();
    let mut there = TestTask::new("a->b", transfer(&a, &b, 10), &log);
    let mut back = TestTask::new("b->a", transfer(&b, &a, 5), &log);
    let started = [there.poll(), back.poll()];
    drop(busy);
    // Taking `from` first, "b->a" now holds `b` and waits for `a`, which
    // goes to "a->b" (first in line), which then waits for `b`: stuck.
    let (mut there_done, mut back_done) = (started[0].is_ready(), started[1].is_ready());
    for _ in 0..10 {
        there_done = there_done || there.poll().is_ready();
        back_done = back_done || back.poll().is_ready();
    }
    assert!(
        there_done && back_done,
        "deadlock: a->b done: {there_done}, b->a done: {back_done}"
    );
    drop((there, back));
    assert_eq!((a.balance.into_inner(), b.balance.into_inner()), (95, 105));
}

#[test]
fn many_transfers_both_ways_on_many_threads_conserve_the_money() {
    let balances = run_with_deadline(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .build()
            .expect("a runtime");
        runtime.block_on(async {
            let accounts: Arc<Vec<Account>> =
                Arc::new((0..4).map(|id| Account::new(id, 1_000)).collect());
            let mut tasks = Vec::new();
            for task in 0..64 {
                let accounts = accounts.clone();
                tasks.push(tokio::spawn(async move {
                    let mut random = XorShift::for_task(task);
                    let mut pick = |n| usize::try_from(random.below(n)).expect("small");
                    for _ in 0..50 {
                        let from = pick(4);
                        let to = (from + 1 + pick(3)) % 4;
                        transfer(&accounts[from], &accounts[to], 7).await;
                        tokio::task::yield_now().await;
                    }
                }));
            }
            for task in tasks {
                if let Err(error) = task.await {
                    std::panic::resume_unwind(error.into_panic());
                }
            }
            let mut balances = Vec::new();
            for account in accounts.iter() {
                balances.push(*account.balance.lock().await);
            }
            balances
        })
    });
    assert_eq!(balances.iter().sum::<i64>(), 4_000);
}
