//! A recording larger than 64 MiB streams to a file with bounded memory. Alone in its test
//! binary, so no other test moves the process's peak memory while it runs.

use anchor_api::Client;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const SIZE: u64 = 96 << 20;
const CHUNK: usize = 64 << 10;

/// The process's peak resident memory so far, in bytes (Linux's `VmHWM`).
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("Linux /proc");
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).expect("VmHWM");
    line.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() * 1024
}

/// A loopback server that answers one request with `SIZE` bytes of video, written piece by
/// piece (it never holds the body either).
async fn serve_one_large_video() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            socket.read_exact(&mut byte).await.unwrap();
            head.push(byte[0]);
        }
        let header = format!("HTTP/1.1 200 OK\r\ncontent-type: video/mp4\r\ncontent-length: {SIZE}\r\n\r\n");
        socket.write_all(header.as_bytes()).await.unwrap();
        let chunk: Vec<u8> = (0..CHUNK).map(|i| (i % 251) as u8).collect();
        for _ in 0..SIZE / CHUNK as u64 {
            if socket.write_all(&chunk).await.is_err() {
                return;
            }
        }
    });
    format!("http://{address}")
}

#[tokio::test]
async fn a_recording_larger_than_64_mib_streams_to_a_file_in_bounded_memory() {
    let base = serve_one_large_video().await;
    let client = Client::builder("sk-stream").base_url(base).allow_http(true).build().unwrap();
    let file = std::env::temp_dir().join(format!("anchor-api-recording-{}.mp4", std::process::id()));
    let before = peak_rss();

    let download = client.get_session_recording("6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22").download().await.unwrap();
    assert_eq!(download.content_type(), Some("video/mp4"));
    assert_eq!(download.content_length(), Some(SIZE));
    let written = download.save(&file).await.unwrap();

    let grown = peak_rss().saturating_sub(before);
    let on_disk = std::fs::metadata(&file).unwrap().len();
    let start = std::fs::read(&file).map(|b| b[..8].to_vec()).unwrap();
    std::fs::remove_file(&file).unwrap();
    assert_eq!((written, on_disk), (SIZE, SIZE));
    assert_eq!(start, [0, 1, 2, 3, 4, 5, 6, 7]);
    // The body is 96 MiB; streaming keeps the peak far below it (a buffered read would add it all).
    assert!(grown < 24 << 20, "peak memory grew by {} MiB while streaming {} MiB", grown >> 20, SIZE >> 20);
    eprintln!("streamed {} MiB; peak memory grew by {} KiB", SIZE >> 20, grown >> 10);
}
