//! Project automation: `cargo xtask codegen [--check]`.

use std::process::ExitCode;

use xtask::{codegen, workspace_root};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["codegen"] => codegen::run(&workspace_root(), false),
        ["codegen", "--check"] => codegen::run(&workspace_root(), true),
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: cargo xtask codegen [--check]
  codegen          regenerate anchor-api/src/generated.rs from spec/anchor.yaml
  codegen --check  fail if the generated file differs from what the spec produces";
