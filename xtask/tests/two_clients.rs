//! Two crates from `cargo xtask generate` in one program: each has its own `Client`, and both
//! share the runtime crate's `Error`, `RetryPolicy` and `ClientBuilder` (nothing is copied into
//! them). Builds and runs a small binary using both.

use std::path::Path;
use std::process::Command;

#[test]
fn two_generated_crates_live_in_one_binary_and_share_the_runtime_types() {
    let root = xtask::workspace_root();
    let scratch = root.join("target/two-clients");
    let _ = std::fs::remove_dir_all(&scratch);
    let fixtures = root.join("generator/tests/fixtures");
    // An API without security (its client needs no key) and one with several schemes.
    let first = xtask::generate::run(&root, &fixtures.join("multipart.yaml"), &scratch.join("first"), Some("first"))
        .expect("generate the first crate");
    let second =
        xtask::generate::run(&root, &fixtures.join("security_schemes.yaml"), &scratch.join("second"), Some("second"))
            .expect("generate the second crate");
    for krate in [&first, &second] {
        assert!(!krate.dir.join("src/runtime").exists(), "{}: the runtime is a dependency, not a copy", krate.name);
        let manifest = std::fs::read_to_string(krate.dir.join("Cargo.toml")).unwrap();
        assert!(manifest.contains("\noapi-runtime = { version = "), "{manifest}");
    }

    let app = scratch.join("app");
    std::fs::create_dir_all(app.join("src")).unwrap();
    let runtime = root.join("runtime");
    let path = |p: &Path| p.display().to_string();
    std::fs::write(
        app.join("Cargo.toml"),
        format!(
            "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nfirst = {{ path = {:?} }}\nsecond = {{ path = {:?} }}\noapi-runtime = {{ path = {:?} }}\n\n[workspace]\n",
            path(&first.dir),
            path(&second.dir),
            path(&runtime)
        ),
    )
    .unwrap();
    std::fs::write(
        app.join("src/main.rs"),
        r#"
use oapi_runtime::{Error, RetryPolicy};

/// One error type for both clients' failures.
fn describe(e: &Error) -> String {
    e.to_string()
}

fn main() {
    let retry = RetryPolicy::attempts(3);
    let a: first::Client = first::Client::builder()
        .base_url("http://127.0.0.1:9/a")
        .allow_http(true)
        .retry(retry.clone())
        .build()
        .unwrap();
    let b: second::Client = second::Client::builder(second::Credentials::new().key("sk-two"))
        .base_url("http://127.0.0.1:9/b")
        .allow_http(true)
        .retry(retry)
        .build()
        .unwrap();
    let failures: Vec<Error> = vec![
        first::Client::builder().base_url("ftp://x").build().unwrap_err(),
        second::Client::builder(second::Credentials::new()).base_url("ftp://x").build().unwrap_err(),
    ];
    println!("{} {}", a.base_url(), b.base_url());
    for f in &failures {
        println!("{}", describe(f));
    }
}
"#,
    )
    .unwrap();
    std::fs::copy(root.join("Cargo.lock"), app.join("Cargo.lock")).unwrap();
    let out = Command::new(env!("CARGO"))
        .args(["run", "-q", "--manifest-path"])
        .arg(app.join("Cargo.toml"))
        // Shared with `cargo xtask corpus`, so the dependencies build once.
        .env("CARGO_TARGET_DIR", root.join("target/corpus-target"))
        .output()
        .expect("run cargo");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        stdout,
        "http://127.0.0.1:9/a http://127.0.0.1:9/b\n\
         invalid client configuration: base URL \"ftp://x\" must start with https://\n\
         invalid client configuration: base URL \"ftp://x\" must start with https://\n"
    );
}
