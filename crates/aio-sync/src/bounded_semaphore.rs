//! [`BoundedSemaphore`] and its error, [`TooManyReleases`].

use std::error::Error;
use std::fmt;

use crate::semaphore::{Acquire, Permit, Semaphore};

/// A [`Semaphore`] that refuses to be released above its initial count:
/// Python's `asyncio.BoundedSemaphore`.
///
/// Python raises `ValueError` when `release()` would push the count past the
/// bound, which catches a release without a matching acquire. Here a
/// [`Permit`] can only give back what it took, so the only way to over-release
/// is a manual [`release`](BoundedSemaphore::release) without a permit given
/// up by [`Permit::forget`]: that call returns `Err(TooManyReleases)` and
/// changes nothing. The count can never silently exceed the bound.
///
/// # Fairness
/// As [`Semaphore`]: first come, first served, no barging.
///
/// # Cancel safety
/// As [`Semaphore::acquire`]: cancel-safe.
///
/// # Errors
/// [`release`](BoundedSemaphore::release) without an outstanding forgotten
/// permit is [`TooManyReleases`].
///
/// # Examples
///
/// ```
/// use aio_sync::BoundedSemaphore;
///
/// # futures::executor::block_on(async {
/// let pool = BoundedSemaphore::new(2);
/// pool.acquire().await.forget(); // asyncio's bare `await sem.acquire()`
/// assert_eq!(pool.available_permits(), 1);
/// assert!(pool.release().is_ok()); // the matching release
/// let error = pool.release().unwrap_err(); // one too many
/// assert_eq!(pool.available_permits(), 2);
/// assert!(error.to_string().contains("released too many times"));
/// # });
/// ```
// ANCHOR: bounded_struct
#[derive(Debug)]
pub struct BoundedSemaphore {
    semaphore: Semaphore,
    bound: usize,
}
// ANCHOR_END: bounded_struct

impl BoundedSemaphore {
    /// A semaphore with `permits` permits, which is also its bound.
    ///
    /// ```
    /// let sem = aio_sync::BoundedSemaphore::new(3);
    /// assert_eq!((sem.available_permits(), sem.bound()), (3, 3));
    /// ```
    pub fn new(permits: usize) -> Self {
        Self {
            semaphore: Semaphore::new(permits),
            bound: permits,
        }
    }

    /// Waits for a permit, as [`Semaphore::acquire`].
    ///
    /// # Cancel safety
    /// Cancel-safe, as [`Semaphore::acquire`].
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let sem = aio_sync::BoundedSemaphore::new(1);
    /// let _permit = sem.acquire().await;
    /// assert!(sem.is_locked());
    /// # });
    /// ```
    pub fn acquire(&self) -> Acquire<'_> {
        self.semaphore.acquire()
    }

    /// Takes a permit if one is free and nobody waits.
    ///
    /// ```
    /// let sem = aio_sync::BoundedSemaphore::new(1);
    /// assert!(sem.try_acquire().is_some());
    /// ```
    pub fn try_acquire(&self) -> Option<Permit<'_>> {
        self.semaphore.try_acquire()
    }

    /// Gives back a permit that was kept with [`Permit::forget`].
    ///
    /// # Errors
    /// [`TooManyReleases`] if no forgotten permit is outstanding: every permit
    /// is free or held by a live `Permit`, so releasing would exceed the bound.
    ///
    /// ```
    /// let sem = aio_sync::BoundedSemaphore::new(1);
    /// assert!(sem.release().is_err());
    /// sem.try_acquire().unwrap().forget();
    /// assert!(sem.release().is_ok());
    /// ```
    // ANCHOR: bounded_release
    pub fn release(&self) -> Result<(), TooManyReleases> {
        if self.semaphore.release_forgotten() {
            Ok(())
        } else {
            Err(TooManyReleases { bound: self.bound })
        }
    }
    // ANCHOR_END: bounded_release

    /// How many permits are free right now.
    ///
    /// ```
    /// assert_eq!(aio_sync::BoundedSemaphore::new(2).available_permits(), 2);
    /// ```
    pub fn available_permits(&self) -> usize {
        self.semaphore.available_permits()
    }

    /// `true` if an `acquire` now would have to wait.
    ///
    /// ```
    /// assert!(aio_sync::BoundedSemaphore::new(0).is_locked());
    /// ```
    pub fn is_locked(&self) -> bool {
        self.semaphore.is_locked()
    }

    /// The initial count, which releases can never exceed.
    ///
    /// ```
    /// assert_eq!(aio_sync::BoundedSemaphore::new(4).bound(), 4);
    /// ```
    pub fn bound(&self) -> usize {
        self.bound
    }
}

/// [`BoundedSemaphore::release`] was called with no permit outstanding:
/// Python's `ValueError: BoundedSemaphore released too many times`.
///
/// ```
/// let error = aio_sync::BoundedSemaphore::new(1).release().unwrap_err();
/// assert_eq!(error.bound(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManyReleases {
    bound: usize,
}

impl TooManyReleases {
    /// The bound the release would have exceeded.
    ///
    /// ```
    /// assert_eq!(aio_sync::BoundedSemaphore::new(2).release().unwrap_err().bound(), 2);
    /// ```
    pub fn bound(&self) -> usize {
        self.bound
    }
}

impl fmt::Display for TooManyReleases {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "BoundedSemaphore released too many times: all {} permits are already free or held \
             by a Permit (release only what Permit::forget kept)",
            self.bound
        )
    }
}

impl Error for TooManyReleases {}
