//! Stoplight Prism for contract tests: installed with `npm ci` from `contract/package-lock.json`
//! when missing, started on a free loopback port, killed when dropped (so a failing assertion
//! never leaves it behind). Shared by the crates' contract tests through `#[path]`.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running Prism; killed when dropped, so a failing assertion never leaves it behind.
pub struct Prism {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub base: String,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Installs Prism from `contract/package-lock.json` (in `dir`) unless it is there already.
pub fn install_prism(dir: &Path) -> PathBuf {
    let bin = dir.join("node_modules/.bin/prism");
    if !bin.exists() {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(dir)
            .status()
            .unwrap_or_else(|e| panic!("cannot run npm (Node.js and npm are needed for the contract tests): {e}"));
        assert!(status.success(), "`npm ci` in {} failed", dir.display());
    }
    bin
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Starts Prism serving `spec` and waits until it accepts connections.
pub fn start_prism(bin: &Path, spec: &Path) -> Prism {
    let port = free_port();
    let log = std::env::temp_dir().join(format!("prism-{port}.log"));
    let child = Command::new(bin)
        .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
        .arg(spec)
        .stdout(std::fs::File::create(&log).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
    let mut prism = Prism { child, base: format!("http://127.0.0.1:{port}") };
    let address: SocketAddr = ([127, 0, 0, 1], port).into();
    let started = Instant::now();
    while TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_err() {
        if let Ok(Some(status)) = prism.child.try_wait() {
            panic!("Prism exited with {status}: {}", std::fs::read_to_string(&log).unwrap_or_default());
        }
        assert!(started.elapsed() < Duration::from_secs(90), "Prism did not start within 90 s");
        std::thread::sleep(Duration::from_millis(200));
    }
    prism
}
