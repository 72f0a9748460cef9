//! A first round trip through real worker processes.
use aio_offload::{ProcessError, ProcessPool};

fn pool(workers: usize) -> ProcessPool {
    ProcessPool::with_program(env!("CARGO_BIN_EXE_offload_worker"), Vec::new(), workers)
}

fn process_error(err: aio_loop::FutureError) -> ProcessError {
    match err {
        aio_loop::FutureError::Exception(err) => err
            .downcast_ref::<ProcessError>()
            .expect("a ProcessError")
            .clone(),
        other => panic!("expected an exception, got {other:?}"),
    }
}

#[test]
fn round_trip_crash_garbage_and_no_leftover_children() {
    let pool = pool(2);
    assert_eq!(
        pool.submit::<_, u64>("square", &7u64).unwrap().wait(),
        Ok(49)
    );
    let died = pool
        .submit::<_, u64>("exit", &3i32)
        .unwrap()
        .wait()
        .unwrap_err();
    assert!(matches!(process_error(died), ProcessError::WorkerDied(_)));
    let garbage = pool
        .submit::<_, u64>("garbage", &())
        .unwrap()
        .wait()
        .unwrap_err();
    assert!(matches!(
        process_error(garbage),
        ProcessError::MalformedFrame(_)
    ),);
    let panicked = pool
        .submit::<_, u64>("panic", &"boom")
        .unwrap()
        .wait()
        .unwrap_err();
    assert_eq!(
        process_error(panicked),
        ProcessError::JobPanicked("boom".into())
    );
    let unknown = pool
        .submit::<_, u64>("nope", &())
        .unwrap()
        .wait()
        .unwrap_err();
    assert_eq!(
        process_error(unknown),
        ProcessError::UnknownJob("nope".into())
    );
    assert_eq!(
        pool.submit::<_, u64>("square", &8u64).unwrap().wait(),
        Ok(64)
    );
    let pids = pool.worker_pids();
    assert!(!pids.is_empty());
    pool.shutdown(true, false);
    assert!(pool.worker_pids().is_empty());
    for pid in pids {
        assert!(
            !std::path::Path::new(&format!("/proc/{pid}")).exists(),
            "worker {pid} left behind"
        );
    }
}
