//! A loopback HTTP/1.1 server for the hostile-server tests: each request is answered by a
//! function of what was seen, with raw bytes, an endless body, a stall or a delay. It records
//! every request and the most requests it ever had in hand at once.

#![allow(dead_code)] // each test binary uses part of it

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as the server read it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub target: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// How to answer.
pub enum Reply {
    /// These bytes, then close.
    Raw(Vec<u8>),
    /// A chunked body of `total` bytes made on the fly (nothing held in memory), then close.
    Endless { status: u16, total: u64 },
    /// A `content-length` of `total` bytes, written on the fly, then close.
    Declared { status: u16, total: u64 },
    /// Never answer (the connection stays open until the client gives up).
    Stall,
    /// These bytes after a pause.
    Delayed(Duration, Vec<u8>),
}

/// A complete response with its length, closing the connection.
pub fn response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n", body.len());
    for (n, v) in headers {
        out.push_str(&format!("{n}: {v}\r\n"));
    }
    out.push_str("\r\n");
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

pub struct Server {
    pub base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    peak: Arc<AtomicUsize>,
}

impl Server {
    /// Requests seen so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// The most requests read and not yet answered at once.
    pub fn peak_in_flight(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }
}

type Answer = dyn Fn(&Seen, usize) -> Reply + Send + Sync;

/// Starts a server answering the `n`th request (0-based) with `answer(&seen, n)`.
pub async fn start(answer: impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let peak = Arc::new(AtomicUsize::new(0));
    let answer: Arc<Answer> = Arc::new(answer);
    let counts = Arc::new(Counts { now: AtomicUsize::new(0), peak: peak.clone() });
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let (log, answer, counts) = (log.clone(), answer.clone(), counts.clone());
            tokio::spawn(async move { serve(socket, &log, &*answer, &counts).await });
        }
    });
    Server { base, seen, peak }
}

struct Counts {
    now: AtomicUsize,
    peak: Arc<AtomicUsize>,
}

async fn serve(mut socket: TcpStream, log: &Mutex<Vec<Seen>>, answer: &Answer, counts: &Counts) {
    let Some(request) = read_request(&mut socket).await else { return };
    let now = counts.now.fetch_add(1, Ordering::SeqCst) + 1;
    counts.peak.fetch_max(now, Ordering::SeqCst);
    let n = {
        let mut log = log.lock().unwrap();
        log.push(request.clone());
        log.len() - 1
    };
    let reply = answer(&request, n);
    if let Reply::Delayed(pause, _) = &reply {
        tokio::time::sleep(*pause).await;
    }
    // Counted out before answering: the client's turn ends only after it reads the answer.
    counts.now.fetch_sub(1, Ordering::SeqCst);
    match reply {
        Reply::Raw(bytes) => {
            let _ = socket.write_all(&bytes).await;
        }
        Reply::Delayed(_, bytes) => {
            let _ = socket.write_all(&bytes).await;
        }
        Reply::Stall => {
            let mut sink = [0u8; 64];
            // Until the client closes its end.
            while matches!(socket.read(&mut sink).await, Ok(n) if n > 0) {}
        }
        Reply::Endless { status, total } => {
            let head = format!("HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n");
            if socket.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let piece = vec![b' '; 64 << 10];
            let mut framed = format!("{:x}\r\n", piece.len()).into_bytes();
            framed.extend_from_slice(&piece);
            framed.extend_from_slice(b"\r\n");
            let mut sent = 0;
            while sent < total {
                if socket.write_all(&framed).await.is_err() {
                    return;
                }
                sent += piece.len() as u64;
            }
            let _ = socket.write_all(b"0\r\n\r\n").await;
        }
        Reply::Declared { status, total } => {
            let head = format!("HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {total}\r\nconnection: close\r\n\r\n");
            if socket.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let piece = vec![b' '; 64 << 10];
            let mut sent = 0;
            while sent < total {
                let n = piece.len().min((total - sent) as usize);
                if socket.write_all(&piece[..n]).await.is_err() {
                    return;
                }
                sent += n as u64;
            }
        }
    }
    let _ = socket.shutdown().await;
}

async fn read_request(socket: &mut TcpStream) -> Option<Seen> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, target) = (first.next()?.to_owned(), first.next()?.to_owned());
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length = headers.iter().find(|(n, _)| n == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    let mut body = buf[end + 4..].to_vec();
    while body.len() < length {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Seen { method, target, headers, body })
}
