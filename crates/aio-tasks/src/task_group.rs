//! `TaskGroup`: structured concurrency with asyncio's failure rules.

use std::error::Error;
use std::fmt;
use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Poll, Waker};

use tokio::task::JoinSet;

type Output<T, E> = (usize, Result<T, E>);

struct State<T, E> {
    tasks: JoinSet<Output<T, E>>,
    next_index: usize,
    /// A task failed: the others were cancelled, no new task is accepted.
    aborting: bool,
    /// The scope is over.
    closed: bool,
    scope: Option<Waker>,
}

/// A group of tasks that live and die together (asyncio's `TaskGroup`),
/// used through [`TaskGroup::run`]:
///
/// - the body of the scope spawns tasks with [`spawn`](Self::spawn) (and
///   so may the tasks, with a clone of the group);
/// - the first task to fail (return `Err` or panic) cancels every other
///   task and the body itself (all are dropped at their next await point);
/// - the scope returns only when every task has ended: with the body's
///   output and every task's value in spawn order, or with a
///   [`TaskGroupError`] holding *every* error, not just the first (asyncio's
///   `ExceptionGroup`).
///
/// Tasks run on the current tokio runtime (`tokio::task::JoinSet`), so they
/// must be `Send + 'static`. Dropping the scope's future aborts them all.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use aio_tasks::TaskGroup;
/// use tokio::time::sleep;
///
/// # #[tokio::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() {
/// let (body, values) = TaskGroup::run(|group| async move {
///     for ms in [30u64, 10, 20] {
///         group.spawn(async move {
///             sleep(Duration::from_millis(ms)).await;
///             Ok::<_, String>(ms)
///         }).unwrap();
///     }
///     "spawned three"
/// })
/// .await
/// .unwrap();
/// assert_eq!(body, "spawned three");
/// assert_eq!(values, [30, 10, 20]); // spawn order
///
/// let failed = TaskGroup::run(|group| async move {
///     group.spawn(async { Err::<u64, _>("first".to_owned()) }).unwrap();
///     group.spawn(async { sleep(Duration::from_secs(60)).await; Ok(1) }).unwrap();
/// })
/// .await
/// .unwrap_err();
/// assert_eq!(failed.errors(), ["first".to_owned()]); // the sleeper was cancelled
/// # }
/// ```
pub struct TaskGroup<T, E> {
    state: Arc<Mutex<State<T, E>>>,
}

impl<T, E> Clone for TaskGroup<T, E> {
    fn clone(&self) -> Self {
        TaskGroup {
            state: self.state.clone(),
        }
    }
}

impl<T, E> fmt::Debug for TaskGroup<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = lock(&self.state);
        f.debug_struct("TaskGroup")
            .field("running", &state.tasks.len())
            .field("aborting", &state.aborting)
            .field("closed", &state.closed)
            .finish()
    }
}

fn lock<T, E>(state: &Mutex<State<T, E>>) -> MutexGuard<'_, State<T, E>> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

/// [`TaskGroup::spawn`] was refused: the group is shutting down after a
/// failure, or its scope is over (asyncio's `RuntimeError`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupClosed;

impl fmt::Display for GroupClosed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the task group is shutting down or finished")
    }
}

impl Error for GroupClosed {}

/// Every failure of a [`TaskGroup`] (asyncio's `ExceptionGroup`): the
/// errors the tasks returned and the messages of those that panicked, in
/// the order they ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskGroupError<E> {
    errors: Vec<E>,
    panics: Vec<String>,
}

impl<E> TaskGroupError<E> {
    /// The errors returned by tasks.
    pub fn errors(&self) -> &[E] {
        &self.errors
    }

    /// The messages of tasks that panicked.
    pub fn panics(&self) -> &[String] {
        &self.panics
    }

    /// The errors, by value.
    pub fn into_errors(self) -> Vec<E> {
        self.errors
    }
}

impl<E: fmt::Display> fmt::Display for TaskGroupError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.errors.len() + self.panics.len();
        write!(f, "{count} task(s) of the group failed")?;
        for error in &self.errors {
            write!(f, "; {error}")?;
        }
        for panic in &self.panics {
            write!(f, "; panicked: {panic}")?;
        }
        Ok(())
    }
}

impl<E: fmt::Display + fmt::Debug> Error for TaskGroupError<E> {}

impl<T, E> TaskGroup<T, E>
where
    T: Send + 'static,
    E: Send + 'static,
{
    /// Spawns `task` into the group; returns its index (its place in the
    /// scope's results).
    ///
    /// # Errors
    ///
    /// [`GroupClosed`] once a task failed or the scope is over.
    pub fn spawn<F>(&self, task: F) -> Result<usize, GroupClosed>
    where
        F: Future<Output = Result<T, E>> + Send + 'static,
    {
        let waker = {
            let mut state = lock(&self.state);
            if state.aborting || state.closed {
                return Err(GroupClosed);
            }
            let index = state.next_index;
            state.next_index += 1;
            state.tasks.spawn(async move { (index, task.await) });
            (index, state.scope.clone())
        };
        // A task spawned by another task: the scope must start awaiting it.
        if let Some(scope) = waker.1 {
            scope.wake();
        }
        Ok(waker.0)
    }

    /// Runs `body` with a new group and waits for the body and every task
    /// (asyncio's `async with TaskGroup() as tg:`). See the
    /// [type docs](Self) for the rules.
    ///
    /// # Errors
    ///
    /// A [`TaskGroupError`] with every error and panic if any task failed.
    // ANCHOR: task_group_run
    pub async fn run<B, Fut>(body: B) -> Result<(Fut::Output, Vec<T>), TaskGroupError<E>>
    where
        B: FnOnce(TaskGroup<T, E>) -> Fut,
        Fut: Future,
    {
        let group = TaskGroup {
            state: Arc::new(Mutex::new(State {
                tasks: JoinSet::new(),
                next_index: 0,
                aborting: false,
                closed: false,
                scope: None,
            })),
        };
        // Dropping this scope (the caller was cancelled) aborts every task,
        // even tasks that hold a clone of the group and so keep its state alive.
        let _abort_on_drop = AbortOnDrop(&group.state);
        let mut body: Option<Pin<Box<Fut>>> = Some(Box::pin(body(group.clone())));
        let mut body_output = None;
        let mut values: Vec<Option<T>> = Vec::new();
        let mut failure = TaskGroupError {
            errors: Vec::new(),
            panics: Vec::new(),
        };
        poll_fn(|cx| {
            loop {
                if let Some(running) = body.as_mut()
                    && let Poll::Ready(output) = running.as_mut().poll(cx)
                {
                    body_output = Some(output);
                    body = None;
                }
                let mut state = lock(&group.state);
                state.scope = Some(cx.waker().clone());
                let mut cancel_body = false;
                let all_ended = loop {
                    match state.tasks.poll_join_next(cx) {
                        Poll::Ready(Some(Ok((index, Ok(value))))) => {
                            if values.len() <= index {
                                values.resize_with(index + 1, || None);
                            }
                            values[index] = Some(value);
                        }
                        Poll::Ready(Some(ended)) => {
                            match ended {
                                Ok((_, Err(error))) => failure.errors.push(error),
                                Err(err) if err.is_panic() => {
                                    failure.panics.push(panic_message(err.into_panic()));
                                }
                                // Cancelled by us, after the first failure.
                                Err(_) => continue,
                                Ok((_, Ok(_))) => unreachable!("matched above"),
                            }
                            // The first failure cancels the others and the body.
                            if !state.aborting {
                                state.aborting = true;
                                state.tasks.abort_all();
                                cancel_body = true;
                            }
                        }
                        Poll::Ready(None) => break true,
                        Poll::Pending => break false,
                    }
                };
                let body_running = body.is_some() && !cancel_body;
                if all_ended && !body_running {
                    state.closed = true;
                    return Poll::Ready(());
                }
                drop(state);
                if cancel_body && body.take().is_some() {
                    // Dropped outside the lock (its `Drop`s may use the
                    // group); then look again: the set may be empty now.
                    continue;
                }
                return Poll::Pending;
            }
        })
        .await;
        if failure.errors.is_empty() && failure.panics.is_empty() {
            let values = values
                .into_iter()
                .map(|value| value.expect("every task ended with a value"))
                .collect();
            Ok((body_output.expect("the body completed"), values))
        } else {
            Err(failure)
        }
    }
    // ANCHOR_END: task_group_run
}

/// Aborts the group's tasks when the scope ends, however it ends.
struct AbortOnDrop<'a, T: 'static, E: 'static>(&'a Mutex<State<T, E>>);

impl<T: 'static, E: 'static> Drop for AbortOnDrop<'_, T, E> {
    fn drop(&mut self) {
        let mut state = lock(self.0);
        state.closed = true;
        state.tasks.abort_all();
    }
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic with a non-string payload".to_owned()
    }
}
