//! An echo server served by the loop (`sock_accept`, one task per client,
//! `sock_recv` / `sock_sendall`), real blocking clients on threads, a client
//! on the loop itself (`sock_connect`), and the socket helpers' errors.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::rc::Rc;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use aio_loop::EventLoop;
use aio_testkit::within_a_minute;

const CLIENTS: usize = 5;
const MESSAGES: usize = 4;

/// Echoes what it receives until the peer closes; returns the bytes echoed.
async fn serve_client(lp: EventLoop, stream: TcpStream) -> usize {
    let mut buf = [0u8; 1024];
    let mut echoed = 0;
    loop {
        let n = lp.sock_recv(&stream, &mut buf).await.unwrap();
        if n == 0 {
            return echoed;
        }
        lp.sock_sendall(&stream, &buf[..n]).await.unwrap();
        echoed += n;
    }
}

/// Accepts clients forever, one task each.
async fn accept_forever(lp: EventLoop, listener: TcpListener) {
    loop {
        let (stream, _) = lp.sock_accept(&listener).await.unwrap();
        lp.create_task(serve_client(lp.clone(), stream)).unwrap();
    }
}

fn listener() -> (TcpListener, SocketAddr) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    (listener, addr)
}

/// A blocking client: sends each message and reads its echo back.
fn blocking_client(addr: SocketAddr, id: usize) -> Vec<String> {
    let mut stream = TcpStream::connect(addr).unwrap();
    // A guard against a hang, not a synchronization: a dead server fails
    // the read instead of blocking the test forever.
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut echoes = Vec::new();
    for i in 0..MESSAGES {
        let message = format!("client {id} message {i}");
        stream.write_all(message.as_bytes()).unwrap();
        let mut echo = vec![0u8; message.len()];
        stream.read_exact(&mut echo).unwrap();
        echoes.push(String::from_utf8(echo).unwrap());
    }
    echoes
}

#[test]
fn echo_server_on_the_loop_serves_blocking_clients_on_threads() {
    within_a_minute(|| {
        let lp = EventLoop::new().unwrap();
        let (listener, addr) = listener();
        lp.create_task(accept_forever(lp.clone(), listener))
            .unwrap();

        let handle = lp.handle();
        let (done_tx, done_rx) = mpsc::channel();
        let clients: Vec<_> = (0..CLIENTS)
            .map(|id| {
                let done = done_tx.clone();
                thread::spawn(move || {
                    let echoes = blocking_client(addr, id);
                    done.send(()).unwrap();
                    echoes
                })
            })
            .collect();
        drop(done_tx);
        // Stops the loop once every client has signalled completion.
        let stopper = thread::spawn(move || {
            let finished = done_rx.iter().count();
            handle.stop().unwrap();
            finished
        });

        lp.run_forever().unwrap();
        assert_eq!(stopper.join().unwrap(), CLIENTS);
        for (id, client) in clients.into_iter().enumerate() {
            let expected: Vec<_> = (0..MESSAGES)
                .map(|i| format!("client {id} message {i}"))
                .collect();
            assert_eq!(client.join().unwrap(), expected);
        }
        lp.close().unwrap();
    });
}

#[test]
fn client_on_the_loop_connects_with_sock_connect_and_gets_its_echo() {
    within_a_minute(|| {
        let lp = EventLoop::new().unwrap();
        let (listener, addr) = listener();
        lp.create_task(accept_forever(lp.clone(), listener))
            .unwrap();
        let client_loop = lp.clone();
        let echoes = lp
            .run_until_complete(async move {
                let lp = client_loop;
                let stream = lp.sock_connect(addr).await.unwrap();
                let mut echoes = Vec::new();
                for word in ["ping", "pong", "done"] {
                    lp.sock_sendall(&stream, word.as_bytes()).await.unwrap();
                    let mut got = Vec::new();
                    let mut buf = [0u8; 16];
                    while got.len() < word.len() {
                        let n = lp.sock_recv(&stream, &mut buf).await.unwrap();
                        assert_ne!(n, 0, "the server closed early");
                        got.extend_from_slice(&buf[..n]);
                    }
                    echoes.push(String::from_utf8(got).unwrap());
                }
                echoes
            })
            .unwrap();
        assert_eq!(echoes, ["ping", "pong", "done"]);
        lp.close().unwrap();
    });
}

#[test]
fn served_client_task_reports_bytes_echoed_when_the_peer_closes() {
    within_a_minute(|| {
        let lp = EventLoop::new().unwrap();
        let (listener, addr) = listener();
        let listener = Rc::new(listener);
        let client = thread::spawn(move || {
            let mut stream = TcpStream::connect(addr).unwrap();
            stream.write_all(b"twelve bytes").unwrap();
            let mut echo = [0u8; 12];
            stream.read_exact(&mut echo).unwrap();
            // Dropping the stream closes it: the server sees end of file.
        });
        let server_loop = lp.clone();
        let echoed = lp
            .run_until_complete(async move {
                let (stream, _) = server_loop.sock_accept(&listener).await.unwrap();
                serve_client(server_loop.clone(), stream).await
            })
            .unwrap();
        client.join().unwrap();
        assert_eq!(echoed, 12);
        lp.close().unwrap();
    });
}

#[test]
fn sock_recv_on_a_blocking_socket_is_invalid_input() {
    let lp = EventLoop::new().unwrap();
    let (listener, addr) = listener();
    let client = TcpStream::connect(addr).unwrap();
    client.set_nonblocking(false).unwrap();
    let probe = lp.clone();
    let err = lp
        .run_until_complete(async move {
            let mut buf = [0u8; 8];
            probe.sock_recv(&client, &mut buf).await.unwrap_err()
        })
        .unwrap();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    drop(listener);
    lp.close().unwrap();
}

#[test]
fn sock_accept_on_a_blocking_listener_is_invalid_input() {
    let lp = EventLoop::new().unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let probe = lp.clone();
    let err = lp
        .run_until_complete(async move { probe.sock_accept(&listener).await.unwrap_err() })
        .unwrap();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    lp.close().unwrap();
}

#[test]
fn sock_connect_to_a_closed_port_is_connection_refused() {
    within_a_minute(|| {
        let lp = EventLoop::new().unwrap();
        // A port that was free a moment ago and has no listener now.
        let addr = {
            let (listener, addr) = listener();
            drop(listener);
            addr
        };
        let probe = lp.clone();
        let err = lp
            .run_until_complete(async move { probe.sock_connect(addr).await.unwrap_err() })
            .unwrap();
        assert_eq!(err.kind(), ErrorKind::ConnectionRefused);
        lp.close().unwrap();
    });
}
