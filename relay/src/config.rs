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
    /// Where synced documents are stored.
    pub data_dir: PathBuf,
    /// The access token for `/sync`; `None`: a random one is made and printed at start.
    pub token: Option<String>,
    /// Most simultaneous connections from one client address.
    pub max_connections_per_address: usize,
    /// Largest sync message accepted, in bytes.
    pub max_message_bytes: usize,
    /// Milliseconds a document waits after a change for more before answering.
    pub coalesce_ms: usize,
    /// Milliseconds an acknowledgement may wait for changes to carry it.
    pub ack_delay_ms: usize,
    /// How often each client is told that the relay is alive.
    pub alive_ms: usize,
    /// Most sync connections at once, in all.
    pub max_connections_total: usize,
    /// A reverse proxy whose `X-Forwarded-For` names the real client address.
    pub trusted_proxy: Option<std::net::IpAddr>,
    /// Most bytes one document may take in storage.
    pub max_document_bytes: Option<u64>,
    /// Documents on an S3-compatible store instead of `data_dir`.
    pub s3: Option<crate::sync::s3::S3Config>,
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
    #[error("`{option}` needs a whole number from {min} up, not `{value}`")]
    BadNumber {
        option: String,
        value: String,
        min: usize,
    },
    #[error(
        "`--s3-bucket` needs `--s3-endpoint`, and both need KAM_RELAY_S3_ACCESS_KEY and KAM_RELAY_S3_SECRET_KEY in the environment"
    )]
    IncompleteS3,
    #[error("`--trusted-proxy` needs an IP address, not `{0}`")]
    BadProxy(String),
    #[error("the token must be 8 to 200 characters of letters, digits, `-` or `_`")]
    BadToken,
}

/// Usage text for `--help`.
pub const USAGE: &str = "kam-relay [OPTIONS]

  --listen ADDR         address to listen on (env KAM_RELAY_LISTEN, default 127.0.0.1:3030;
                        port 0 picks a free port)
  --static-dir DIR      serve the built app from DIR (env KAM_RELAY_STATIC_DIR)
  --data-dir DIR        where synced documents are stored (env KAM_RELAY_DATA_DIR,
                        default ./kam-relay-data)
  --token TOKEN         access token for sync clients (env KAM_RELAY_TOKEN; without one a
                        random token is made and printed at start)
  --max-connections N   connections at once from one client address (default 64)
  --max-connections-total N
                        sync connections at once in all (default 512; keep it well under
                        the file limit, `ulimit -n`)
  --trusted-proxy IP    a reverse proxy at IP whose X-Forwarded-For names the client
                        (limits then go by the client's address)
  --max-document-bytes N
                        refuse changes that would make one stored document larger
  --s3-endpoint URL     keep documents on an S3-compatible store (http://host:port) instead
                        of --data-dir, so several relays can share them; with
  --s3-bucket NAME      the bucket, --s3-region R (default us-east-1), --s3-prefix P;
                        credentials from KAM_RELAY_S3_ACCESS_KEY / KAM_RELAY_S3_SECRET_KEY
  --max-message-bytes N largest sync message accepted (default 16777216)
  --coalesce-ms N       wait N ms after a change for more before answering (default 0)
  --ack-delay-ms N      let the acknowledgement of a client's change wait up to N ms for
                        other changes to that client to carry it (default 1000; 0: at once;
                        delivery to the others is never delayed)
  --alive-ms N          tell each client every N ms that the relay is alive, so that an
                        idle client notices a connection that died without closing
                        (default 20000; at least 100)
  --stop-on-stdin-eof   stop when standard input closes (for test harnesses)";

fn number(option: &str, value: Option<String>, min: usize) -> Result<usize, ConfigError> {
    let value = value.ok_or_else(|| ConfigError::MissingValue(option.to_string()))?;
    match value.trim().parse::<usize>() {
        Ok(n) if n >= min => Ok(n),
        _ => Err(ConfigError::BadNumber {
            option: option.to_string(),
            value,
            min,
        }),
    }
}

/// A token that fits in a URL without escaping and is not trivially short.
pub fn valid_token(token: &str) -> bool {
    (8..=200).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl Config {
    /// Parses arguments (without the program name); `env` looks up environment variables.
    pub fn parse(
        args: impl IntoIterator<Item = String>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let mut listen = env("KAM_RELAY_LISTEN").unwrap_or_else(|| "127.0.0.1:3030".into());
        let mut static_dir = env("KAM_RELAY_STATIC_DIR");
        let mut stop_on_stdin_eof = false;
        let mut data_dir = env("KAM_RELAY_DATA_DIR").unwrap_or_else(|| "kam-relay-data".into());
        let mut token = env("KAM_RELAY_TOKEN");
        let mut max_connections_per_address = 64;
        let mut max_message_bytes = 16 * 1024 * 1024;
        let mut coalesce_ms = 0;
        let mut ack_delay_ms = 1000;
        let mut alive_ms = 20_000;
        let mut max_connections_total = 512;
        let mut trusted_proxy = None;
        let mut max_document_bytes = None;
        let mut s3_endpoint = env("KAM_RELAY_S3_ENDPOINT");
        let mut s3_bucket = env("KAM_RELAY_S3_BUCKET");
        let mut s3_region = env("KAM_RELAY_S3_REGION").unwrap_or_else(|| "us-east-1".into());
        let mut s3_prefix = env("KAM_RELAY_S3_PREFIX").unwrap_or_default();
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
                "--data-dir" => {
                    data_dir = args.next().ok_or(ConfigError::MissingValue(arg.clone()))?;
                }
                "--token" => {
                    token = Some(args.next().ok_or(ConfigError::MissingValue(arg.clone()))?);
                }
                "--max-connections" => max_connections_per_address = number(&arg, args.next(), 1)?,
                "--max-message-bytes" => max_message_bytes = number(&arg, args.next(), 1024)?,
                "--coalesce-ms" => coalesce_ms = number(&arg, args.next(), 0)?,
                "--ack-delay-ms" => ack_delay_ms = number(&arg, args.next(), 0)?,
                "--alive-ms" => alive_ms = number(&arg, args.next(), 100)?,
                "--max-connections-total" => max_connections_total = number(&arg, args.next(), 1)?,
                "--max-document-bytes" => {
                    max_document_bytes = Some(number(&arg, args.next(), 1024)? as u64)
                }
                "--s3-endpoint" => {
                    s3_endpoint = Some(args.next().ok_or(ConfigError::MissingValue(arg.clone()))?);
                }
                "--s3-bucket" => {
                    s3_bucket = Some(args.next().ok_or(ConfigError::MissingValue(arg.clone()))?);
                }
                "--s3-region" => {
                    s3_region = args.next().ok_or(ConfigError::MissingValue(arg.clone()))?;
                }
                "--s3-prefix" => {
                    s3_prefix = args.next().ok_or(ConfigError::MissingValue(arg.clone()))?;
                }
                "--trusted-proxy" => {
                    let value = args.next().ok_or(ConfigError::MissingValue(arg.clone()))?;
                    trusted_proxy = Some(
                        value
                            .parse()
                            .map_err(|_| ConfigError::BadProxy(value.clone()))?,
                    );
                }
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
        if let Some(t) = &token
            && !valid_token(t)
        {
            return Err(ConfigError::BadToken);
        }
        let s3 = match (s3_endpoint, s3_bucket) {
            (None, None) => None,
            (Some(endpoint), Some(bucket)) => Some(crate::sync::s3::S3Config {
                endpoint,
                bucket,
                region: s3_region,
                prefix: s3_prefix,
                access_key: env("KAM_RELAY_S3_ACCESS_KEY").ok_or(ConfigError::IncompleteS3)?,
                secret_key: env("KAM_RELAY_S3_SECRET_KEY").ok_or(ConfigError::IncompleteS3)?,
            }),
            _ => return Err(ConfigError::IncompleteS3),
        };
        Ok(Config {
            listen,
            static_dir,
            stop_on_stdin_eof,
            data_dir: PathBuf::from(data_dir),
            token,
            max_connections_per_address,
            max_message_bytes,
            coalesce_ms,
            ack_delay_ms,
            alive_ms,
            max_connections_total,
            trusted_proxy,
            max_document_bytes,
            s3,
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

    #[test]
    fn sync_options_and_their_bad_values() {
        let env = |k: &str| (k == "KAM_RELAY_TOKEN").then(|| "env-token-123".to_string());
        let cfg = Config::parse(
            args(&["--data-dir", "/tmp/x", "--max-connections", "200"]),
            env,
        )
        .expect("parses");
        assert_eq!(cfg.token.as_deref(), Some("env-token-123"));
        assert_eq!(cfg.data_dir, PathBuf::from("/tmp/x"));
        assert_eq!(cfg.max_connections_per_address, 200);
        assert_eq!(Config::parse(args(&[]), no_env).expect("ok").token, None);
        assert_eq!(
            Config::parse(args(&["--token", "short"]), no_env),
            Err(ConfigError::BadToken)
        );
        assert_eq!(
            Config::parse(args(&["--token", "has space in it"]), no_env),
            Err(ConfigError::BadToken)
        );
        let err = Config::parse(args(&["--max-connections", "0"]), no_env).expect_err("zero");
        assert_eq!(
            err.to_string(),
            "`--max-connections` needs a whole number from 1 up, not `0`"
        );
    }
}
