//! The `newsrake` command: parses arguments and hands them to the library.
use clap::Parser;

fn main() {
    let cli = newsrake::cli::Cli::parse();
    std::process::exit(newsrake::run(cli));
}
