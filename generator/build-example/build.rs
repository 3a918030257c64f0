//! Generates the Notes client from `notes.yaml` (and `notes.toml` beside it) at build time.

fn main() {
    let built = generator::Build::new("notes.yaml").module("notes").generate();
    if let Err(e) = built {
        // The file, the JSON pointer and what was expected, as the generator says them.
        eprintln!("{e}");
        std::process::exit(1);
    }
}
