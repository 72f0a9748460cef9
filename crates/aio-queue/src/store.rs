//! [`Store`]: where a queue keeps its items, and the three orders it comes in.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::fmt;

/// The order a queue hands its items out in. A [`GenericQueue`](crate::GenericQueue)
/// does the waiting; the store only keeps the items.
///
/// # Examples
///
/// ```
/// use aio_queue::{Fifo, Lifo, Priority, Store};
///
/// fn drain<S: Store<u32>>(mut store: S) -> Vec<u32> {
///     for item in [2, 3, 1] {
///         store.push(item);
///     }
///     std::iter::from_fn(|| store.pop()).collect()
/// }
/// assert_eq!(drain(Fifo::default()), [2, 3, 1]);
/// assert_eq!(drain(Lifo::default()), [1, 3, 2]);
/// assert_eq!(drain(Priority::default()), [1, 2, 3]);
/// ```
// ANCHOR: store_trait
pub trait Store<T>: Default {
    /// Adds an item.
    fn push(&mut self, item: T);
    /// Takes the next item out, if any.
    fn pop(&mut self) -> Option<T>;
    /// Returns an item that was taken out but never delivered (its getter was
    /// cancelled), so that it is the next to come out.
    fn put_back(&mut self, item: T);
    /// How many items are kept.
    fn len(&self) -> usize;
    /// `true` when no item is kept.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
// ANCHOR_END: store_trait

/// First in, first out: `asyncio.Queue`. A `VecDeque`.
///
/// ```
/// use aio_queue::{Fifo, Store};
/// let mut store = Fifo::default();
/// store.push('a');
/// store.push('b');
/// assert_eq!(store.pop(), Some('a'));
/// ```
pub struct Fifo<T>(VecDeque<T>);

/// Last in, first out: `asyncio.LifoQueue`. A `Vec` used as a stack.
///
/// ```
/// use aio_queue::{Lifo, Store};
/// let mut store = Lifo::default();
/// store.push('a');
/// store.push('b');
/// assert_eq!(store.pop(), Some('b'));
/// ```
pub struct Lifo<T>(Vec<T>);

/// Smallest first, like Python's `heapq`: `asyncio.PriorityQueue`. A
/// `BinaryHeap` of `Reverse<T>` (std's heap is largest first). For largest
/// first, store `std::cmp::Reverse(item)`; for `(priority, item)` pairs, as in
/// Python, store tuples: they compare by priority, then by item.
///
/// ```
/// use std::cmp::Reverse;
/// use aio_queue::{Priority, Store};
/// let mut smallest_first = Priority::default();
/// smallest_first.push(5);
/// smallest_first.push(1);
/// assert_eq!(smallest_first.pop(), Some(1));
/// let mut largest_first = Priority::default();
/// largest_first.push(Reverse(5));
/// largest_first.push(Reverse(1));
/// assert_eq!(largest_first.pop(), Some(Reverse(5)));
/// ```
// ANCHOR: priority_struct
pub struct Priority<T: Ord>(BinaryHeap<Reverse<T>>);
// ANCHOR_END: priority_struct

impl<T> Default for Fifo<T> {
    fn default() -> Self {
        Self(VecDeque::new())
    }
}

impl<T> Default for Lifo<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<T: Ord> Default for Priority<T> {
    fn default() -> Self {
        Self(BinaryHeap::new())
    }
}

impl<T> Store<T> for Fifo<T> {
    fn push(&mut self, item: T) {
        self.0.push_back(item);
    }
    fn pop(&mut self) -> Option<T> {
        self.0.pop_front()
    }
    fn put_back(&mut self, item: T) {
        self.0.push_front(item);
    }
    fn len(&self) -> usize {
        self.0.len()
    }
}

// ANCHOR: lifo_impl
impl<T> Store<T> for Lifo<T> {
    fn push(&mut self, item: T) {
        self.0.push(item);
    }
    fn pop(&mut self) -> Option<T> {
        self.0.pop()
    }
    fn put_back(&mut self, item: T) {
        self.0.push(item);
    }
    fn len(&self) -> usize {
        self.0.len()
    }
}
// ANCHOR_END: lifo_impl

// ANCHOR: priority_impl
impl<T: Ord> Store<T> for Priority<T> {
    fn push(&mut self, item: T) {
        self.0.push(Reverse(item));
    }
    fn pop(&mut self) -> Option<T> {
        self.0.pop().map(|Reverse(item)| item)
    }
    fn put_back(&mut self, item: T) {
        // The heap decides what comes out next; it was the smallest when it
        // was taken, and anything smaller that arrived since goes first.
        self.0.push(Reverse(item));
    }
    fn len(&self) -> usize {
        self.0.len()
    }
}
// ANCHOR_END: priority_impl

macro_rules! debug_by_len {
    ($($store:ident $(: $bound:path)?),*) => {$(
        impl<T $(: $bound)?> fmt::Debug for $store<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($store)).field("len", &self.0.len()).finish()
            }
        }
    )*};
}

debug_by_len!(Fifo, Lifo, Priority: Ord);
