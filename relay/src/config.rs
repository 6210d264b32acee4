//! Command-line and environment configuration of the relay.

use std::{net::SocketAddr, path::PathBuf};

/// What the relay was asked to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Address to listen on; loopback by default so nothing is exposed by accident.
    pub listen: SocketAddr,
    /// Folder with the built app (Trunk's `dist/`), served at `/`.
    pub static_dir: Option<PathBuf>,
    /// Stop when standard input closes (used by test harnesses).
    pub stop_on_stdin_eof: bool,
}

/// A configuration the relay cannot start with, said in words.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("unknown option `{0}` (try --help)")]
    UnknownOption(String),
    #[error("option `{0}` needs a value")]
    MissingValue(String),
    #[error("`{value}` is not an address to listen on (expected e.g. 127.0.0.1:3030): {reason}")]
    BadAddress { value: String, reason: String },
    #[error("static folder `{0}` does not exist or has no index.html (build the app first)")]
    BadStaticDir(String),
}

/// Usage text for `--help`.
pub const USAGE: &str = "kam-relay [--listen ADDR] [--static-dir DIR] [--stop-on-stdin-eof]

  --listen ADDR         address to listen on (env KAM_RELAY_LISTEN, default 127.0.0.1:3030;
                        port 0 picks a free port)
  --static-dir DIR      serve the built app from DIR (env KAM_RELAY_STATIC_DIR)
  --stop-on-stdin-eof   stop when standard input closes (for test harnesses)";

impl Config {
    /// Parses arguments (without the program name); `env` looks up environment variables.
    pub fn parse(
        args: impl IntoIterator<Item = String>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let mut listen = env("KAM_RELAY_LISTEN").unwrap_or_else(|| "127.0.0.1:3030".into());
        let mut static_dir = env("KAM_RELAY_STATIC_DIR");
        let mut stop_on_stdin_eof = false;
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--listen" => {
                    listen = args.next().ok_or(ConfigError::MissingValue(arg.clone()))?;
                }
                "--static-dir" => {
                    static_dir = Some(args.next().ok_or(ConfigError::MissingValue(arg.clone()))?);
                }
                "--stop-on-stdin-eof" => stop_on_stdin_eof = true,
                _ => return Err(ConfigError::UnknownOption(arg)),
            }
        }
        let listen = listen
            .parse::<SocketAddr>()
            .map_err(|e| ConfigError::BadAddress {
                value: listen.clone(),
                reason: e.to_string(),
            })?;
        let static_dir = match static_dir {
            Some(dir) => {
                let path = PathBuf::from(&dir);
                if !path.join("index.html").is_file() {
                    return Err(ConfigError::BadStaticDir(dir));
                }
                Some(path)
            }
            None => None,
        };
        Ok(Config {
            listen,
            static_dir,
            stop_on_stdin_eof,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn defaults_to_loopback() {
        let cfg = Config::parse(args(&[]), no_env).expect("defaults parse");
        assert_eq!(cfg.listen.to_string(), "127.0.0.1:3030");
        assert_eq!(cfg.static_dir, None);
        assert!(!cfg.stop_on_stdin_eof);
    }

    #[test]
    fn flags_override_environment() {
        let env = |k: &str| (k == "KAM_RELAY_LISTEN").then(|| "127.0.0.1:4000".to_string());
        let cfg = Config::parse(
            args(&["--listen", "127.0.0.1:0", "--stop-on-stdin-eof"]),
            env,
        )
        .expect("parses");
        assert_eq!(cfg.listen.port(), 0);
        assert!(cfg.stop_on_stdin_eof);
    }

    #[test]
    fn bad_input_is_named() {
        assert_eq!(
            Config::parse(args(&["--verbose"]), no_env),
            Err(ConfigError::UnknownOption("--verbose".into()))
        );
        assert_eq!(
            Config::parse(args(&["--listen"]), no_env),
            Err(ConfigError::MissingValue("--listen".into()))
        );
        let err =
            Config::parse(args(&["--listen", "localhost"]), no_env).expect_err("not an address");
        assert!(err.to_string().contains("`localhost` is not an address"));
        let err = Config::parse(args(&["--static-dir", "/nonexistent/dist"]), no_env)
            .expect_err("no folder");
        assert!(err.to_string().contains("/nonexistent/dist"));
    }
}
