//! Writes a benchmark fixture as an `.automerge` file, for browser benchmarks that
//! import it: `large` (300 customers, 60 key accounts, 1,500 actions, 20,000 changes;
//! the default), `20k` (the same with 20,000 customers) or `50k` (with 50,000).
//!
//! Run with `cargo run -p kam-domain --example write_fixture --release -- out.automerge [large|20k|50k]`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: write_fixture <out.automerge> [large|20k|50k]");
        return ExitCode::from(2);
    };
    let made = match args.next().as_deref() {
        None | Some("large") => kam_domain::fixture::large(),
        Some("20k") => kam_domain::fixture::customers_20k(),
        Some("50k") => kam_domain::fixture::customers_50k(),
        Some(other) => {
            eprintln!("unknown fixture size “{other}”: large, 20k or 50k");
            return ExitCode::from(2);
        }
    };
    let doc = match made {
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
