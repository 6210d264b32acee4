//! Writes the large fixture (300 customers, 60 key accounts, 1,500 actions, 20,000
//! changes) as an `.automerge` file, for browser benchmarks that import it.
//!
//! Run with `cargo run -p kam-domain --example write_fixture --release -- out.automerge`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: write_fixture <out.automerge>");
        return ExitCode::from(2);
    };
    let doc = match kam_domain::fixture::large() {
        Ok(doc) => doc,
        Err(e) => {
            eprintln!("the fixture could not be made: {e}");
            return ExitCode::FAILURE;
        }
    };
    match std::fs::write(&path, doc.save()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{path}: {e}");
            ExitCode::FAILURE
        }
    }
}
