//! Project automation: regenerating the Anchor client, the corpus run, benchmarks and the
//! generator for any document. `cargo xtask --help` lists every command.

use std::process::ExitCode;

use std::path::PathBuf;
use xtask::{bench, cli_bench, codegen, corpus, count, generate, large, names, peers, upstream, workspace_root};

/// The generator allocates and frees millions of small token strings from every core; glibc's
/// allocator spent a fifth of a large document's generation on that (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    if let ["upstream", rest @ ..] = args.as_slice() {
        return match upstream::run(&workspace_root(), rest, USAGE) {
            upstream::Outcome::Empty(report) => {
                println!("{report}");
                ExitCode::SUCCESS
            }
            upstream::Outcome::Differs(report) => {
                println!("{report}");
                ExitCode::from(1)
            }
            upstream::Outcome::BadInput(message) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
        };
    }
    let result = match args.as_slice() {
        ["codegen"] => codegen::run(&workspace_root(), false),
        ["codegen", "--check"] => codegen::run(&workspace_root(), true),
        ["bench"] => bench::run(&workspace_root(), false),
        ["bench", "--quick"] => bench::run(&workspace_root(), true),
        ["bench", "--compile"] => bench::compile_only(&workspace_root()),
        ["bench", "--cli"] => cli_bench::run(&workspace_root()),
        ["bench", "--peers"] => peers::run(&workspace_root()),
        ["bench", "--count"] => count::run(&workspace_root()),
        ["bench", "--large"] => large::run(&workspace_root(), None),
        ["bench", "--large", rev] => large::run(&workspace_root(), Some(rev)),
        ["corpus", dirs @ ..] => corpus::run(&workspace_root(), &dirs.iter().map(PathBuf::from).collect::<Vec<_>>()),
        ["generate", rest @ ..] => generate_command(rest),
        ["names"] => names::run(&workspace_root(), 32, false),
        ["names", cases] => match cases.parse() {
            Ok(cases) => names::run(&workspace_root(), cases, false),
            Err(_) => Err(format!("names takes a number of draws, not {cases:?}\n{USAGE}")),
        },
        ["--help" | "-h" | "help"] => Ok(USAGE.trim_end().to_string()),
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

/// `generate --spec FILE --out DIR [--crate-name NAME]`, in any order.
fn generate_command(args: &[&str]) -> Result<String, String> {
    let (mut spec, mut out, mut name) = (None, None, None);
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        match *flag {
            "--spec" => spec = Some(PathBuf::from(value)),
            "--out" => out = Some(PathBuf::from(value)),
            "--crate-name" => name = Some(value.to_string()),
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
    }
    let (Some(spec), Some(out)) = (spec, out) else { return Err(format!("--spec and --out are required\n{USAGE}")) };
    let krate = generate::run(&workspace_root(), &spec, &out, name.as_deref())?;
    Ok(format!(
        "{}: crate `{}`: {} types, {} operations, {} warnings (listed in its README.md)",
        krate.dir.display(),
        krate.name,
        krate.types,
        krate.operations,
        krate.warnings
    ))
}

const USAGE: &str = "usage: cargo xtask <command>
  --help           this list
  codegen          regenerate anchor-api/src/generated.rs from spec/anchor.yaml
  codegen --check  fail if the generated file differs from what the spec produces
  bench            run the benchmarks and compile-time measurements; print one table (see BENCHMARKS.md)
  bench --quick    the same without the 10,000-schema document and the cold build
  bench --compile  only the compile-time and size table
  bench --cli      `anchor` beside a minimal clap program: cold release build, stripped size, start-up
  bench --count    request overhead counted in instructions (valgrind) against hand-written calls
  bench --peers    progenitor and openapi-generator on the seed document beside ours: lines,
                   generation time and crate-only build time as ratios (installs them into target/peers)
  bench --large [REV]
                   the largest corpus documents' crates checked beside those of the generator at REV
                   (default: the issue-15 baseline): check time and rustc peak memory as ratios
  corpus [DIR ...] generate a crate for every document of ../shared/corpus (or of the folders
                   given) and check that each compiles with no compiler or clippy warning
  generate --spec FILE --out DIR [--crate-name NAME]
                   write a standalone client crate for any OpenAPI document
  upstream DOCUMENT [--ours FILE] [--deviations FILE]
                   the facts (prose left out) of an upstream OpenAPI document that --ours
                   (default spec/anchor.yaml) does not carry and --deviations (default
                   spec/DEVIATIONS.md, none if absent) does not explain, and stale deviations;
                   exit 0 when nothing is to bring in, 1 when something is, 2 on bad input
  names [CASES]    draw names the generated code uses into small documents (default 32 draws)
                   and check that each crate compiles with warnings denied";
