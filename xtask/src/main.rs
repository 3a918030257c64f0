//! Project automation: `cargo xtask codegen [--check]`, `cargo xtask bench [--quick]`.

use std::process::ExitCode;

use xtask::{bench, codegen, workspace_root};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["codegen"] => codegen::run(&workspace_root(), false),
        ["codegen", "--check"] => codegen::run(&workspace_root(), true),
        ["bench"] => bench::run(&workspace_root(), false),
        ["bench", "--quick"] => bench::run(&workspace_root(), true),
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
  codegen --check  fail if the generated file differs from what the spec produces
  bench            run the benchmarks and compile-time measurements; print one table (see BENCHMARKS.md)
  bench --quick    the same without the 10,000-schema document and the cold build";
