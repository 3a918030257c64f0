//! One subcommand with one flag, printed back: the least a clap program does.

use clap::{Arg, Command};

fn main() {
    let matches = Command::new("clap-minimal")
        .about("Prints the name it is given")
        .subcommand_required(true)
        .subcommand(Command::new("greet").about("Greets someone").arg(Arg::new("name").long("name").required(true)))
        .get_matches();
    if let Some(("greet", m)) = matches.subcommand() {
        println!("hello, {}", m.get_one::<String>("name").map(String::as_str).unwrap_or(""));
    }
}
