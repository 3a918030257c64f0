//! Huge bodies from a hostile server cost bounded memory: a 1 GiB success body and a 500 MB
//! error body, with and without a declared length. Memory is what this test binary's
//! allocator has live at its peak during each call (one test, so nothing else runs beside it).

// A counting allocator is the exact measure here; the workspace denies unsafe code elsewhere.
#![allow(unsafe_code)]

mod server;

use oapi_runtime::{Client, ClientBuilder, Credentials, Error, Security, Settings, DEFAULT_MAX_RESPONSE_BYTES};
use reqwest::Method;
use server::{start, Reply};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Ordering::SeqCst) + by;
    PEAK.fetch_max(now, Ordering::SeqCst);
}

// SAFETY: every call is forwarded to the system allocator unchanged; only sizes are counted.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            // Old and new blocks may both be live during the copy.
            grew(new_size);
            LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

static OPEN: Settings = Settings {
    base_url: "https://api.test",
    key_vars: &[],
    base_url_var: None,
    user_agent: "hostile-test/1",
    schemes: &[],
    security: Security::NONE,
    key_optional: false,
};

const GIB: u64 = 1 << 30;
const MIB: usize = 1 << 20;

#[tokio::test]
async fn huge_bodies_cost_bounded_memory() {
    let cases = [
        ("1 GiB success, chunked", Reply::Endless { status: 200, total: GIB }),
        ("1 GiB success, declared", Reply::Declared { status: 200, total: GIB }),
        ("500 MB error, chunked", Reply::Endless { status: 400, total: 500_000_000 }),
        ("500 MB error, declared", Reply::Declared { status: 400, total: 500_000_000 }),
    ];
    for (name, reply) in cases {
        let reply = std::sync::Mutex::new(Some(reply));
        let server = start(move |_, _| reply.lock().unwrap().take().unwrap_or(Reply::Stall)).await;
        let client: Client =
            ClientBuilder::new(&OPEN, Credentials::new(&OPEN)).base_url(&server.base).allow_http(true).build().unwrap();
        let before = LIVE.load(Ordering::SeqCst);
        PEAK.store(before, Ordering::SeqCst);
        let err = client.call::<serde_json::Value>(Method::GET, "/v1/export", &[], None).await.unwrap_err();
        let used = PEAK.load(Ordering::SeqCst) - before;
        match err {
            Error::TooLarge { status: 200, limit } => assert_eq!(limit, DEFAULT_MAX_RESPONSE_BYTES, "{name}"),
            Error::Api(e) => assert_eq!((e.status, e.raw.len()), (400, 64 << 10), "{name}"),
            other => panic!("{name}: {other:?}"),
        }
        // The body is read up to the limit at most (64 MiB; the buffer may double once on
        // the way), never whole.
        let bound = if name.contains("success") { 2 * DEFAULT_MAX_RESPONSE_BYTES + 16 * MIB } else { 8 * MIB };
        assert!(used < bound, "{name}: {} MiB at the peak, bound {} MiB", used / MIB, bound / MIB);
        assert_eq!(server.seen().len(), 1, "{name}: not re-sent");
        eprintln!("{name}: peak {:.1} MiB", used as f64 / MIB as f64);
    }
}
