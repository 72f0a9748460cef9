//! [`GenericQueue`] and its futures: the one queue behind `Queue`,
//! `PriorityQueue` and `LifoQueue`.

use std::cell::Cell;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use aio_sync::wait_list::{Removed, Shared, WaitCell, WaitList, WaitSlot};

use crate::error::{GetError, PutError, QueueShutDown, TaskDoneError};
use crate::store::{Fifo, Lifo, Priority, Store};

/// The lanes of the queue's wait list: three FIFO queues of waiters under
/// the queue's one lock.
const GETTERS: usize = 0;
const PUTTERS: usize = 1;
const JOINERS: usize = 2;

// ANCHOR: queue_state
/// What a notifier leaves a waiter.
enum Message<T> {
    /// For a getter: this item, handed over directly (the store was empty).
    Item(T),
    /// For a putter: a slot is reserved for your item.
    Room,
    /// For a joiner: every item put has been marked done.
    Joined,
    /// For anyone: the queue was shut down.
    ShutDown,
}

struct State<T, S> {
    store: S,
    /// `None`: unbounded (asyncio's `maxsize=0`).
    maxsize: Option<usize>,
    /// Items handed to a getter that has not received them yet. They still
    /// count in `qsize`: until received they can come back (cancellation).
    in_flight: usize,
    /// Slots promised to notified putters that have not inserted yet; no
    /// newcomer can take them.
    reserved: usize,
    /// Items put and not yet marked done: what `join` waits for.
    unfinished: usize,
    /// Items taken and not yet marked done: what `task_done` may mark.
    taken: usize,
    shut_down: bool,
    /// Shut down with `immediate`: items that come back are dropped too.
    emptied: bool,
    _items: PhantomData<fn(T) -> T>,
}
// ANCHOR_END: queue_state

// ANCHOR: queue_has_room
impl<T, S: Store<T>> State<T, S> {
    fn qsize(&self) -> usize {
        self.store.len() + self.in_flight
    }

    fn has_room(&self) -> bool {
        self.maxsize
            .is_none_or(|max| self.qsize() + self.reserved < max)
    }
}
// ANCHOR_END: queue_has_room

type QueueCell<T, S> = WaitCell<State<T, S>, Message<T>>;
type Locked<T, S> = Shared<State<T, S>, Message<T>>;

/// One async queue, generic over the order its [`Store`] keeps: asyncio's
/// `Queue`, `PriorityQueue` and `LifoQueue` are [`Queue`], [`PriorityQueue`]
/// and [`LifoQueue`], its three instances.
///
/// A handle is cheap to clone; all clones are the same queue, shared by
/// producers and consumers on any runtime and thread.
///
/// **Bounded or not.** asyncio's `Queue(maxsize=0)` is unbounded and
/// `Queue(maxsize=n)` holds at most `n`. Here the constructor says which:
/// [`unbounded`](GenericQueue::unbounded) or [`bounded(n)`](GenericQueue::bounded),
/// with no magic zero.
///
/// **Counting work.** Every item put counts as unfinished until a consumer
/// calls [`task_done`](GenericQueue::task_done) for it; [`join`](GenericQueue::join)
/// waits until none is unfinished. Unlike asyncio, `task_done` refuses to mark
/// more items than were taken (asyncio also accepts items still queued).
///
/// **Shutting down** (Python 3.13): see [`shutdown`](GenericQueue::shutdown).
///
/// # Fairness
/// Getters are served in the order they began to wait, and so are putters;
/// a `put_nowait` or `get_nowait` cannot take an item or a slot that a waiter
/// was promised. When getters wait, a put hands its item straight to the
/// oldest; when putters wait, a get reserves the freed slot for the oldest.
///
/// # Cancel safety
/// [`get`](GenericQueue::get) is cancel-safe: dropped while waiting, it takes
/// nothing; dropped after it was handed an item, it gives the item back (to
/// the next getter, or to the front of the store): never lost, never
/// delivered twice. [`put`](GenericQueue::put) dropped while waiting inserts
/// nothing, and its item is dropped with the future (keep a clone, or use
/// `put_nowait`, if you must get it back); a reserved slot passes to the next
/// putter. [`join`](GenericQueue::join) is cancel-safe.
///
/// # Errors
/// [`PutError`], [`GetError`], [`QueueShutDown`] and [`TaskDoneError`]: see
/// each method.
///
/// # Examples
///
/// ```
/// use aio_queue::Queue;
///
/// # futures::executor::block_on(async {
/// let queue = Queue::bounded(2);
/// let producer = {
///     let queue = queue.clone();
///     async move {
///         for n in 1..=5 {
///             queue.put(n).await.unwrap(); // waits while two are queued
///         }
///     }
/// };
/// let consumer = async {
///     let mut sum = 0;
///     for _ in 0..5 {
///         sum += queue.get().await.unwrap();
///         queue.task_done().unwrap();
///     }
///     sum
/// };
/// let ((), sum) = futures::join!(producer, consumer);
/// assert_eq!(sum, 15);
/// queue.join().await; // nothing unfinished
/// # });
/// ```
// ANCHOR: queue_types
pub struct GenericQueue<T, S> {
    cell: Arc<QueueCell<T, S>>,
}

/// asyncio's `Queue`: first in, first out.
pub type Queue<T> = GenericQueue<T, Fifo<T>>;
/// asyncio's `PriorityQueue`: smallest first (see [`Priority`]).
pub type PriorityQueue<T> = GenericQueue<T, Priority<T>>;
/// asyncio's `LifoQueue`: last in, first out.
pub type LifoQueue<T> = GenericQueue<T, Lifo<T>>;
// ANCHOR_END: queue_types

impl<T, S: Store<T>> GenericQueue<T, S> {
    fn with_maxsize(maxsize: Option<usize>) -> Self {
        let state = State {
            store: S::default(),
            maxsize,
            in_flight: 0,
            reserved: 0,
            unfinished: 0,
            taken: 0,
            shut_down: false,
            emptied: false,
            _items: PhantomData,
        };
        Self {
            cell: Arc::new(WaitCell::with_lanes(state, 3)),
        }
    }

    /// A queue without a size limit: asyncio's `Queue()` / `maxsize=0`.
    ///
    /// ```
    /// let queue = aio_queue::Queue::<u8>::unbounded();
    /// assert_eq!(queue.maxsize(), None);
    /// assert!(!queue.is_full());
    /// ```
    pub fn unbounded() -> Self {
        Self::with_maxsize(None)
    }

    /// A queue that holds at most `maxsize` items: asyncio's `Queue(maxsize)`.
    ///
    /// # Panics
    /// If `maxsize` is zero: asyncio reads `maxsize=0` as unbounded, which
    /// here is [`unbounded`](GenericQueue::unbounded), said out loud.
    ///
    /// ```
    /// let queue = aio_queue::LifoQueue::<u8>::bounded(3);
    /// assert_eq!(queue.maxsize(), Some(3));
    /// ```
    // ANCHOR: queue_bounded
    pub fn bounded(maxsize: usize) -> Self {
        assert!(
            maxsize > 0,
            "a bounded queue needs room for at least one item; use unbounded() for asyncio's maxsize=0"
        );
        Self::with_maxsize(Some(maxsize))
    }
    // ANCHOR_END: queue_bounded

    /// Puts `item`, waiting for room if the queue is full.
    ///
    /// # Errors
    /// [`QueueShutDown`] with the item, if the queue is or gets shut down
    /// before the item is in.
    ///
    /// # Cancel safety
    /// Dropped while waiting, it inserts nothing and drops the item; see the
    /// type's documentation.
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let queue = aio_queue::Queue::bounded(1);
    /// queue.put("a").await.unwrap();
    /// assert!(queue.is_full());
    /// # });
    /// ```
    pub fn put(&self, item: T) -> Put<'_, T, S> {
        Put {
            queue: self,
            item: Some(item),
            slot: WaitSlot::default(),
        }
    }

    /// Puts `item` if there is room now.
    ///
    /// # Errors
    /// [`PutError::QueueFull`] when the queue is full or putters already wait
    /// for room; [`PutError::QueueShutDown`] after a shutdown. Both hand the
    /// item back.
    ///
    /// ```
    /// let queue = aio_queue::Queue::bounded(1);
    /// assert!(queue.put_nowait(1).is_ok());
    /// assert_eq!(queue.put_nowait(2).unwrap_err().into_item(), 2);
    /// ```
    // ANCHOR: queue_put_nowait
    pub fn put_nowait(&self, item: T) -> Result<(), PutError<T>> {
        let mut shared = self.cell.lock();
        if shared.state.shut_down {
            return Err(PutError::QueueShutDown(item));
        }
        if !shared.state.has_room() || shared.waiters.waiting_in(PUTTERS) > 0 {
            return Err(PutError::QueueFull(item));
        }
        insert(&mut shared, item);
        Ok(())
    }
    // ANCHOR_END: queue_put_nowait

    /// Takes the next item, waiting until there is one.
    ///
    /// # Errors
    /// [`QueueShutDown`] once the queue is shut down and empty.
    ///
    /// # Cancel safety
    /// Cancel-safe: see the type's documentation.
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let queue = aio_queue::PriorityQueue::unbounded();
    /// queue.put_nowait(3).unwrap();
    /// queue.put_nowait(1).unwrap();
    /// assert_eq!(queue.get().await, Ok(1));
    /// # });
    /// ```
    pub fn get(&self) -> Get<'_, T, S> {
        Get {
            queue: self,
            slot: WaitSlot::default(),
        }
    }

    /// Takes the next item if there is one now.
    ///
    /// # Errors
    /// [`GetError::QueueEmpty`] when nothing is queued (or what is queued is
    /// promised to waiting getters); [`GetError::QueueShutDown`] once the
    /// queue is shut down and empty.
    ///
    /// ```
    /// let queue = aio_queue::LifoQueue::unbounded();
    /// queue.put_nowait('a').unwrap();
    /// queue.put_nowait('b').unwrap();
    /// assert_eq!(queue.get_nowait(), Ok('b'));
    /// ```
    // ANCHOR: queue_get_nowait
    pub fn get_nowait(&self) -> Result<T, GetError> {
        let mut shared = self.cell.lock();
        if shared.waiters.waiting_in(GETTERS) == 0
            && let Some(item) = take(&mut shared)
        {
            return Ok(item);
        }
        if shared.state.shut_down && shared.state.qsize() == 0 {
            Err(GetError::QueueShutDown)
        } else {
            Err(GetError::QueueEmpty)
        }
    }
    // ANCHOR_END: queue_get_nowait

    /// Marks one taken item as processed: asyncio's `task_done()`. When every
    /// item put has been marked, [`join`](GenericQueue::join) returns.
    ///
    /// # Errors
    /// [`TaskDoneError`] when called more times than items were taken.
    ///
    /// ```
    /// let queue = aio_queue::Queue::unbounded();
    /// queue.put_nowait(1).unwrap();
    /// assert!(queue.task_done().is_err()); // not taken yet
    /// queue.get_nowait().unwrap();
    /// assert!(queue.task_done().is_ok());
    /// ```
    // ANCHOR: queue_task_done
    pub fn task_done(&self) -> Result<(), TaskDoneError> {
        let mut shared = self.cell.lock();
        if shared.state.taken == 0 {
            return Err(TaskDoneError { _private: () });
        }
        shared.state.taken -= 1;
        shared.state.unfinished -= 1;
        if shared.state.unfinished == 0 {
            shared
                .waiters
                .notify_many_in(JOINERS, usize::MAX, |_| Message::Joined);
        }
        Ok(())
    }
    // ANCHOR_END: queue_task_done

    /// Waits until every item put has been taken and marked with
    /// [`task_done`](GenericQueue::task_done); returns at once if none is
    /// unfinished. asyncio's `join()`.
    ///
    /// # Cancel safety
    /// Cancel-safe: dropping it only leaves the list of joiners.
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let queue = aio_queue::Queue::<u8>::unbounded();
    /// queue.join().await; // nothing was ever put
    /// # });
    /// ```
    pub fn join(&self) -> Join<'_, T, S> {
        Join {
            queue: self,
            slot: WaitSlot::default(),
        }
    }

    /// Shuts the queue down (Python 3.13's `shutdown`). Afterwards every put
    /// fails with its item handed back, and putters waiting for room are
    /// released with that error.
    ///
    /// With `immediate == false`, gets go on draining what is queued and fail
    /// once it is empty; getters already waiting fail now if nothing is left
    /// (if an item is still on its way to another getter, they wait for it
    /// to arrive, or to come back to them if that getter is dropped). With `immediate == true`, the queued items are dropped and no
    /// longer count as unfinished, so `join` returns if nothing else is
    /// unfinished; waiting getters fail now. Items already handed to a getter
    /// are still delivered, or dropped like the rest if that getter is
    /// cancelled before it received its item.
    ///
    /// Shutting down twice is harmless; a later `immediate` call drops what
    /// an earlier graceful one left.
    ///
    /// ```
    /// let queue = aio_queue::Queue::unbounded();
    /// queue.put_nowait(1).unwrap();
    /// queue.shutdown(false);
    /// assert!(queue.put_nowait(2).is_err());
    /// assert_eq!(queue.get_nowait(), Ok(1)); // drained...
    /// assert!(queue.get_nowait().is_err()); // ...then closed
    /// ```
    // ANCHOR: queue_shutdown
    pub fn shutdown(&self, immediate: bool) {
        let mut shared = self.cell.lock();
        let Shared { state, waiters } = &mut *shared;
        state.shut_down = true;
        waiters.notify_many_in(PUTTERS, usize::MAX, |_| Message::ShutDown);
        let mut dropped = Vec::new();
        if immediate {
            state.emptied = true;
            dropped.extend(std::iter::from_fn(|| state.store.pop()));
            forget_unfinished(state, waiters, dropped.len());
        }
        // Getters wait only while nothing is stored; if an item is still on
        // its way to one of them, it may yet come back (its getter dropped),
        // so they fail only once nothing at all is left (see `Get`).
        if immediate || state.qsize() == 0 {
            waiters.notify_many_in(GETTERS, usize::MAX, |_| Message::ShutDown);
        }
        // The items' own `Drop` runs after the lock is released: it may use
        // this very queue.
        drop(shared);
        drop(dropped);
    }
    // ANCHOR_END: queue_shutdown

    /// Whether [`shutdown`](GenericQueue::shutdown) was called.
    ///
    /// ```
    /// let queue = aio_queue::Queue::<u8>::unbounded();
    /// queue.shutdown(true);
    /// assert!(queue.is_shut_down());
    /// ```
    pub fn is_shut_down(&self) -> bool {
        self.cell.lock().state.shut_down
    }

    /// How many items are queued (including one handed to a getter that has
    /// not received it yet): asyncio's `qsize()`.
    ///
    /// ```
    /// let queue = aio_queue::Queue::unbounded();
    /// queue.put_nowait(()).unwrap();
    /// assert_eq!(queue.qsize(), 1);
    /// ```
    pub fn qsize(&self) -> usize {
        self.cell.lock().state.qsize()
    }

    /// Whether no item is queued: asyncio's `empty()`.
    ///
    /// ```
    /// assert!(aio_queue::Queue::<u8>::unbounded().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.qsize() == 0
    }

    /// Whether a `put_nowait` now would find no room: asyncio's `full()`.
    /// Never true for an unbounded queue.
    ///
    /// ```
    /// let queue = aio_queue::Queue::bounded(1);
    /// queue.put_nowait(0).unwrap();
    /// assert!(queue.is_full());
    /// ```
    pub fn is_full(&self) -> bool {
        !self.cell.lock().state.has_room()
    }

    /// The size limit, `None` for an unbounded queue: asyncio's `maxsize`.
    ///
    /// ```
    /// assert_eq!(aio_queue::Queue::<u8>::bounded(8).maxsize(), Some(8));
    /// ```
    pub fn maxsize(&self) -> Option<usize> {
        self.cell.lock().state.maxsize
    }
}

// ANCHOR: queue_insert_take
/// Inserts an item the caller has room for: straight to the oldest waiting
/// getter if there is one (the store is empty then), into the store otherwise.
fn insert<T, S: Store<T>>(shared: &mut Locked<T, S>, item: T) {
    shared.state.unfinished += 1;
    match shared.waiters.notify_one_in(GETTERS, Message::Item(item)) {
        Ok(()) => shared.state.in_flight += 1,
        Err(Message::Item(item)) => shared.state.store.push(item),
        Err(_) => unreachable!("notify_one_in hands back the message it was given"),
    }
}

/// Takes the next item out of the store and gives the freed slot to the
/// oldest waiting putter, if any.
fn take<T, S: Store<T>>(shared: &mut Locked<T, S>) -> Option<T> {
    let item = shared.state.store.pop()?;
    shared.state.taken += 1;
    room_freed(shared);
    Some(item)
}

/// `dropped` items left the queue without being taken (an immediate
/// shutdown): they no longer count as unfinished, which may release `join`.
fn forget_unfinished<T, S>(
    state: &mut State<T, S>,
    waiters: &mut WaitList<Message<T>>,
    dropped: usize,
) {
    state.unfinished -= dropped;
    if state.unfinished == 0 {
        waiters.notify_many_in(JOINERS, usize::MAX, |_| Message::Joined);
    }
}

/// A slot became free: reserve it for the oldest waiting putter.
fn room_freed<T, S: Store<T>>(shared: &mut Locked<T, S>) {
    if shared.state.has_room() && shared.waiters.notify_one_in(PUTTERS, Message::Room).is_ok() {
        shared.state.reserved += 1;
    }
}
// ANCHOR_END: queue_insert_take

impl<T, S> Clone for GenericQueue<T, S> {
    /// Another handle to the same queue.
    ///
    /// ```
    /// let queue = aio_queue::Queue::unbounded();
    /// queue.clone().put_nowait(1).unwrap();
    /// assert_eq!(queue.qsize(), 1);
    /// ```
    fn clone(&self) -> Self {
        Self {
            cell: Arc::clone(&self.cell),
        }
    }
}

impl<T, S: Store<T>> fmt::Debug for GenericQueue<T, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shared = self.cell.lock();
        f.debug_struct("GenericQueue")
            .field("qsize", &shared.state.qsize())
            .field("maxsize", &shared.state.maxsize)
            .field("unfinished", &shared.state.unfinished)
            .field("shut_down", &shared.state.shut_down)
            .field("getters", &shared.waiters.waiting_in(GETTERS))
            .field("putters", &shared.waiters.waiting_in(PUTTERS))
            .finish()
    }
}

/// The future of [`GenericQueue::put`].
#[must_use = "futures do nothing unless awaited"]
pub struct Put<'a, T, S: Store<T>> {
    queue: &'a GenericQueue<T, S>,
    /// `Some` until the item is in the queue or handed back.
    item: Option<T>,
    slot: WaitSlot,
}

// The item is moved, never pinned.
impl<T, S: Store<T>> Unpin for Put<'_, T, S> {}

// ANCHOR: put_poll
impl<T, S: Store<T>> Future for Put<'_, T, S> {
    type Output = Result<(), QueueShutDown<T>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        if this.slot.is_unregistered() {
            let Some(first_try) = this.item.take() else {
                panic!("Put polled after it completed");
            };
            match this.queue.put_nowait(first_try) {
                Ok(()) => return Poll::Ready(Ok(())),
                Err(PutError::QueueShutDown(refused)) => {
                    return Poll::Ready(Err(QueueShutDown(refused)));
                }
                Err(PutError::QueueFull(refused)) => this.item = Some(refused),
            }
        }
        // Both closures may need the item; only one of them runs.
        let item = Cell::new(this.item.take());
        let poll = this.queue.cell.poll_wait_in(
            PUTTERS,
            &mut this.slot,
            cx,
            |shared, me| {
                if shared.state.shut_down {
                    return item.take().map(|refused| Err(QueueShutDown(refused)));
                }
                if shared.waiters.is_first_waiting(me) && shared.state.has_room() {
                    insert(shared, item.take()?);
                    return Some(Ok(()));
                }
                None
            },
            |shared, message| {
                let waiting_item = item.take().expect("held until notified");
                if let Message::Room = message {
                    shared.state.reserved -= 1;
                    if !shared.state.shut_down {
                        insert(shared, waiting_item);
                        return Ok(());
                    }
                }
                Err(QueueShutDown(waiting_item))
            },
        );
        this.item = item.into_inner();
        poll
    }
}
// ANCHOR_END: put_poll

// ANCHOR: put_drop
impl<T, S: Store<T>> Drop for Put<'_, T, S> {
    fn drop(&mut self) {
        self.queue.cell.cancel(&mut self.slot, |shared, removed| {
            if let Removed::Notified(Message::Room) = removed {
                // The reserved slot goes to the next putter (or back to all).
                shared.state.reserved -= 1;
                room_freed(shared);
            }
        });
    }
}
// ANCHOR_END: put_drop

impl<T, S: Store<T>> fmt::Debug for Put<'_, T, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Put")
            .field("waiting", &!self.slot.is_unregistered())
            .finish()
    }
}

/// The future of [`GenericQueue::get`].
#[must_use = "futures do nothing unless awaited"]
pub struct Get<'a, T, S: Store<T>> {
    queue: &'a GenericQueue<T, S>,
    slot: WaitSlot,
}

// ANCHOR: get_poll
impl<T, S: Store<T>> Future for Get<'_, T, S> {
    type Output = Result<T, QueueShutDown>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        if this.slot.is_unregistered() {
            match this.queue.get_nowait() {
                Ok(item) => return Poll::Ready(Ok(item)),
                Err(GetError::QueueShutDown) => return Poll::Ready(Err(QueueShutDown(()))),
                Err(GetError::QueueEmpty) => {}
            }
        }
        this.queue.cell.poll_wait_in(
            GETTERS,
            &mut this.slot,
            cx,
            |shared, me| {
                if shared.waiters.is_first_waiting(me)
                    && let Some(item) = take(shared)
                {
                    return Some(Ok(item));
                }
                (shared.state.shut_down && shared.state.qsize() == 0)
                    .then_some(Err(QueueShutDown(())))
            },
            |shared, message| match message {
                Message::Item(item) => {
                    shared.state.in_flight -= 1;
                    shared.state.taken += 1;
                    room_freed(shared);
                    if shared.state.shut_down && shared.state.qsize() == 0 {
                        // The last item of a shut-down queue arrived: getters
                        // that began to wait behind it will never get one.
                        shared
                            .waiters
                            .notify_many_in(GETTERS, usize::MAX, |_| Message::ShutDown);
                    }
                    Ok(item)
                }
                _ => Err(QueueShutDown(())),
            },
        )
    }
}
// ANCHOR_END: get_poll

// ANCHOR: get_drop
impl<T, S: Store<T>> Drop for Get<'_, T, S> {
    fn drop(&mut self) {
        // An item to drop once the lock is released (its `Drop` may use the queue).
        let mut discarded = None;
        self.queue.cell.cancel(&mut self.slot, |shared, removed| {
            if let Removed::Notified(Message::Item(item)) = removed {
                // Handed over but never received: to the next getter, or
                // back to the front of the store. It stays counted in qsize.
                // After an immediate shutdown it is dropped like the rest.
                if shared.state.emptied {
                    shared.state.in_flight -= 1;
                    discarded = Some(item);
                    let Shared { state, waiters } = shared;
                    forget_unfinished(state, waiters, 1);
                    if state.qsize() == 0 {
                        waiters.notify_many_in(GETTERS, usize::MAX, |_| Message::ShutDown);
                    }
                } else if let Err(Message::Item(item)) =
                    shared.waiters.notify_one_in(GETTERS, Message::Item(item))
                {
                    shared.state.in_flight -= 1;
                    shared.state.store.put_back(item);
                }
            }
        });
        drop(discarded);
    }
}
// ANCHOR_END: get_drop

impl<T, S: Store<T>> fmt::Debug for Get<'_, T, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Get")
            .field("waiting", &!self.slot.is_unregistered())
            .finish()
    }
}

/// The future of [`GenericQueue::join`].
#[must_use = "futures do nothing unless awaited"]
pub struct Join<'a, T, S> {
    queue: &'a GenericQueue<T, S>,
    slot: WaitSlot,
}

// ANCHOR: join_poll
impl<T, S: Store<T>> Future for Join<'_, T, S> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        this.queue.cell.poll_wait_in(
            JOINERS,
            &mut this.slot,
            cx,
            |shared, _| (shared.state.unfinished == 0).then_some(()),
            |_, _| (),
        )
    }
}
// ANCHOR_END: join_poll

impl<T, S> Drop for Join<'_, T, S> {
    fn drop(&mut self) {
        self.queue.cell.cancel(&mut self.slot, |_, _| {});
    }
}

impl<T, S> fmt::Debug for Join<'_, T, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Join")
            .field("waiting", &!self.slot.is_unregistered())
            .finish()
    }
}
