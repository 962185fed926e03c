//! The `diglot` binary: parse arguments ([`cli`]), run the command
//! ([`diglot::commands`]) and print its report; map outcomes to exit codes
//! (0 ok, 1 check or validation failures, 2 usage or I/O errors). A closed
//! output pipe (`diglot segment FILE | head -1`) ends the run quietly with
//! exit 0, as ripgrep does.

mod cli;

use clap::Parser;
use diglot::commands::{Console, Outcome};
use std::io::{ErrorKind, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let quiet = cli.quiet;
    let report = match cli.run() {
        Ok(r) => r,
        Err(e) => {
            let code = if e.is_validation() { 1 } else { 2 };
            let e = anyhow::Error::new(e);
            let _ = writeln!(std::io::stderr(), "error: {}", error_text(&e));
            return ExitCode::from(code);
        }
    };
    let (stdout, stderr) = (std::io::stdout(), std::io::stderr());
    let (mut out, mut err) = (stdout.lock(), stderr.lock());
    let mut console = Console {
        out: &mut out,
        err: &mut err,
        quiet,
    };
    let printed = report
        .print(&mut console)
        .and_then(|o| console.out.flush().map(|_| o));
    match printed {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::from(1),
        // The reader went away (`| head`): nothing more to say.
        Err(e) if e.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: cannot write the report: {e}");
            ExitCode::from(2)
        }
    }
}

/// mimalloc: the parsers and the TM index allocate many small strings (see
/// README, dependencies).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// An error and its causes, each cause printed once: our errors already
/// name their cause (`path: cannot write: No space left on device (os error
/// 28)`), so a cause whose text is in the message is not repeated.
fn error_text(e: &anyhow::Error) -> String {
    let mut out = e.to_string();
    for cause in e.chain().skip(1) {
        let c = cause.to_string();
        if !out.contains(&c) {
            out.push_str(": ");
            out.push_str(&c);
        }
    }
    out
}
