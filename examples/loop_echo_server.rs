//! An echo server on the loop: one thread, a task per client, and the
//! socket calls `sock_accept`, `sock_recv`, `sock_sendall`, each of which
//! waits for readiness instead of blocking. The clients are ordinary
//! blocking code on their own threads; every echo is checked.
//! Book: "The event loop", sockets on the loop.
//!
//!     cargo run --example loop_echo_server [-- --quick]
mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::thread;

use aio_primer::event_loop::EventLoop;
use common::Options;

/// One client's conversation: echo everything until the client hangs up.
async fn handle_client(lp: EventLoop, stream: TcpStream) -> std::io::Result<usize> {
    let (mut buf, mut echoed) = ([0; 1024], 0);
    loop {
        let n = lp.sock_recv(&stream, &mut buf).await?;
        if n == 0 {
            return Ok(echoed); // end of stream: the client shut down its side
        }
        lp.sock_sendall(&stream, &buf[..n]).await?;
        echoed += n;
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let options = Options::from_env();
    let (clients, lines) = (options.size(8, 3), options.size(50, 5));
    let lp = EventLoop::new()?;
    // A blocking accept would freeze the loop: the loop's calls insist on
    // non-blocking sockets.
    let listener = TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    println!("echo server on {addr}, {clients} clients of {lines} lines each");

    let client_threads: Vec<_> = (0..clients)
        .map(|id| {
            thread::spawn(move || -> std::io::Result<bool> {
                let mut stream = TcpStream::connect(addr)?;
                let sent: String = (0..lines)
                    .map(|n| format!("client {id}, line {n}\n"))
                    .collect();
                stream.write_all(sent.as_bytes())?;
                stream.shutdown(Shutdown::Write)?; // "that's all": the server sees EOF
                let mut echo = String::new();
                stream.read_to_string(&mut echo)?;
                Ok(echo == sent)
            })
        })
        .collect();

    // The server: accept each client and give it its own task.
    let server = lp.clone();
    let total = lp.run_until_complete(async move {
        let mut handlers = Vec::new();
        for _ in 0..clients {
            let (stream, peer) = server.sock_accept(&listener).await?;
            println!("  accepted {peer}");
            handlers.push(server.create_task(handle_client(server.clone(), stream))?);
        }
        let mut total = 0;
        for handler in handlers {
            total += handler.await??;
        }
        Ok::<_, Box<dyn std::error::Error>>(total)
    })??;
    lp.close()?;

    let matched = client_threads
        .into_iter()
        .map(|client| client.join().expect("a client panicked"))
        .try_fold(0, |matched, echoed| {
            Ok::<_, std::io::Error>(matched + usize::from(echoed?))
        })?;
    println!(
        "{total} bytes echoed on one thread; {matched}/{clients} clients got their bytes back"
    );
    assert_eq!(
        matched, clients,
        "every client must get exactly what it sent"
    );
    Ok(())
}
