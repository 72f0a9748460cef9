//! Three dependent calls, written three ways (seed 001, "from callbacks to
//! futures"): nested callbacks run on threads, the callback API bridged into
//! a future with a oneshot channel, and plain `async`/`await`. The same
//! three stages, the same answer. Book: "Running many tasks".
//!
//!     cargo run --example callbacks_to_futures [-- --quick]
mod common;

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use common::Options;
use tokio::sync::oneshot;

// The three remote services and the local steps between them. Each call
// waits `latency`, like a request over the network.
fn serve(stage: u32, request: u64) -> u64 {
    match stage {
        1 => request * 2,  // api_call1: look the request up
        2 => request * 3,  // api_call2: price it
        _ => request + 10, // api_call3: add shipping
    }
}
fn step1(response1: u64) -> u64 {
    response1 + 1
}
fn step2(response2: u64) -> u64 {
    response2 - 4
}

// ANCHOR: callback_api
/// Callback style: the call returns at once, and `done` runs later, on a
/// thread of the "library", with the response.
fn api_call_cb(
    stage: u32,
    request: u64,
    latency: Duration,
    done: impl FnOnce(u64) + Send + 'static,
) {
    thread::spawn(move || {
        thread::sleep(latency);
        done(serve(stage, request));
    });
}

fn three_stages_cb(request1: u64, latency: Duration, finished: impl FnOnce(u64) + Send + 'static) {
    // Each stage needs the previous response: the callbacks nest, and an
    // error path would need a second callback at every level.
    api_call_cb(1, request1, latency, move |response1| {
        let request2 = step1(response1);
        api_call_cb(2, request2, latency, move |response2| {
            let request3 = step2(response2);
            api_call_cb(3, request3, latency, finished);
        });
    });
}
// ANCHOR_END: callback_api

// ANCHOR: bridge
/// The same callback API as a future: the callback sends into a oneshot
/// channel, and the receiver is the future (asyncio's `loop.create_future()`
/// plus `fut.set_result` in the callback).
async fn api_call(stage: u32, request: u64, latency: Duration) -> u64 {
    let (sender, receiver) = oneshot::channel();
    api_call_cb(stage, request, latency, move |response| {
        let _ = sender.send(response); // the awaiting task may be gone: fine
    });
    receiver.await.expect("the callback always runs")
}

/// Seed 001's `three_stages`: the dependent calls read top to bottom.
async fn three_stages(request1: u64, latency: Duration) -> u64 {
    let response1 = api_call(1, request1, latency).await;
    let request2 = step1(response1);
    let response2 = api_call(2, request2, latency).await;
    let request3 = step2(response2);
    api_call(3, request3, latency).await
}
// ANCHOR_END: bridge

/// No threads at all: each call is an awaited timer on the one thread.
async fn api_call_native(stage: u32, request: u64, latency: Duration) -> u64 {
    tokio::time::sleep(latency).await;
    serve(stage, request)
}

async fn three_stages_native(request1: u64, latency: Duration) -> u64 {
    let response1 = api_call_native(1, request1, latency).await;
    let response2 = api_call_native(2, step1(response1), latency).await;
    api_call_native(3, step2(response2), latency).await
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let options = Options::from_env();
    let latency = options.time(Duration::from_millis(200));
    let request1 = 5;

    let (sender, receiver) = mpsc::channel();
    three_stages_cb(request1, latency, move |answer| {
        sender.send(answer).unwrap()
    });
    let by_callbacks = receiver.recv().expect("the last callback sends the answer");
    println!("nested callbacks on threads:   {by_callbacks}");

    let by_bridge = three_stages(request1, latency).await;
    println!("the callback API, awaited:     {by_bridge}");

    let by_await = three_stages_native(request1, latency).await;
    println!("async all the way, no threads: {by_await}");

    // 5 -> 10 -> 11 -> 33 -> 29 -> 39, whichever way it is written.
    assert_eq!([by_callbacks, by_bridge, by_await], [39, 39, 39]);
}
