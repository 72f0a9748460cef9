//! Reference solution of exercise 12 (see the exercise file for the task).

use std::future::Future;
use std::panic::resume_unwind;

use tokio::task::JoinSet;

/// Runs every task on the runtime; every value in spawn order, or, after
/// the first failure cancelled the others, every error that happened.
pub async fn run_all<I, F, T, E>(tasks: I) -> Result<Vec<T>, Vec<E>>
where
    I: IntoIterator<Item = F>,
    F: Future<Output = Result<T, E>> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    let mut set = JoinSet::new();
    let mut values: Vec<Option<T>> = Vec::new();
    for (index, task) in tasks.into_iter().enumerate() {
        set.spawn(async move { (index, task.await) });
        values.push(None);
    }
    let mut errors = Vec::new();
    // Join until the set is empty: aborted tasks end too, so no task
    // outlives the call.
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok((index, Ok(value))) => values[index] = Some(value),
            Ok((_, Err(error))) => {
                if errors.is_empty() {
                    set.abort_all();
                }
                errors.push(error);
            }
            // Cancelled by our abort_all: a consequence, not a failure.
            Err(join_error) if join_error.is_cancelled() => {}
            Err(join_error) => resume_unwind(join_error.into_panic()),
        }
    }
    if errors.is_empty() {
        Ok(values
            .into_iter()
            .map(|value| value.expect("every task succeeded"))
            .collect())
    } else {
        Err(errors)
    }
}
