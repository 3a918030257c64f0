//! `oapi-gen`: generate a Rust client crate (or module) from an OpenAPI document.

use clap::{Args, Parser, Subcommand};
use oapi_gen::{check, warnings_text, Plan, Runtime};
use std::path::PathBuf;
use std::process::ExitCode;

/// Generates typed async Rust clients from OpenAPI 3.0 and 3.1 documents.
#[derive(Parser)]
#[command(name = "oapi-gen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write a standalone client crate (`--out`) or one module (`--module`) for a document.
    Generate(Generate),
}

#[derive(Args)]
struct Generate {
    /// The OpenAPI document, YAML or JSON.
    #[arg(long, value_name = "FILE")]
    spec: PathBuf,
    /// The folder of the crate to write.
    #[arg(long, value_name = "DIR", required_unless_present = "module", conflicts_with = "module")]
    out: Option<PathBuf>,
    /// Write one module file instead of a crate (for `mod <name>;` in a crate of yours).
    #[arg(long, value_name = "FILE")]
    module: Option<PathBuf>,
    /// The package name (default: from the document's file name).
    #[arg(long, value_name = "NAME", conflicts_with = "module")]
    crate_name: Option<String>,
    /// The settings file (default: `<spec>.toml` beside the document, if there is one).
    #[arg(long, value_name = "FILE")]
    settings: Option<PathBuf>,
    /// Depend on the runtime at this local path instead of by version from the registry.
    #[arg(long, value_name = "DIR", conflicts_with = "module")]
    runtime_path: Option<PathBuf>,
    /// Write nothing; exit 1 with a summary when the output would change (for CI).
    #[arg(long)]
    check: bool,
    /// Fail, writing nothing, when a request would go out other than the document says.
    #[arg(long)]
    deny_wire_warnings: bool,
    /// Also write a command-line client crate in `cli/` under the crate (its program named by
    /// the settings' `[cli] binary`, else the crate's name); a `[cli]` table in the settings
    /// asks for it too.
    #[arg(long, conflicts_with = "module")]
    cli: bool,
}

fn main() -> ExitCode {
    let Command::Generate(args) = Cli::parse().command;
    match generate(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn generate(args: &Generate) -> Result<ExitCode, String> {
    let mut plan = Plan::new(&args.spec);
    plan.settings = args.settings.clone();
    plan.crate_name = args.crate_name.clone();
    plan.cli = args.cli;
    if let Some(dir) = &args.runtime_path {
        plan.runtime = Runtime::Path(dir.clone());
    }
    let target = match (&args.out, &args.module) {
        (Some(out), _) => format!("--out {}", out.display()),
        (None, Some(module)) => format!("--module {}", module.display()),
        (None, None) => return Err("give --out DIR or --module FILE".into()),
    };
    plan.command = format!("oapi-gen generate --spec {} {target}", args.spec.display());
    let output = match &args.module {
        Some(module) => plan.module_file(module)?,
        None => plan.crate_files()?,
    };
    eprint!("{}", warnings_text(&output.generated));
    let wire = output.wire_warnings();
    if args.deny_wire_warnings && wire > 0 {
        return Err(format!(
            "{wire} warning(s) say a request would go out other than the document says (--deny-wire-warnings); nothing written"
        ));
    }
    let root = args.out.clone().unwrap_or_default();
    if args.check {
        let changes = check(&root, &output.files);
        if changes.is_empty() {
            println!("up to date: {} types, {} operations", output.generated.types, output.generated.operations);
            return Ok(ExitCode::SUCCESS);
        }
        for change in &changes {
            println!("{change}");
        }
        println!("out of date: run the command without --check to regenerate");
        return Ok(ExitCode::FAILURE);
    }
    output.write(&root)?;
    let written = args.out.as_ref().or(args.module.as_ref()).map(|p| p.display().to_string()).unwrap_or_default();
    println!(
        "{written}: {} types, {} operations, {} warnings ({wire} sent differently)",
        output.generated.types,
        output.generated.operations,
        output.generated.warnings.len()
    );
    Ok(ExitCode::SUCCESS)
}
