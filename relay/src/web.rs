//! Serving the built app as a real web server would: precompressed brotli or gzip
//! copies when the browser takes them, caching that fits each file (hashed build
//! output forever, the page and the service worker revalidated on every visit), a
//! content security policy that fits the app, and a 404 for a missing asset (only page
//! routes fall back to `index.html`, so a deep link survives a reload).

use std::{path::PathBuf, sync::Arc};

use axum::{
    Router,
    body::Body,
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
};
use sha2::{Digest, Sha256};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// True for names Trunk gives its output: a hex hash of up to 16 digits before the
/// extension (`kam-app-0123456789abcdef_bg.wasm`, `base-0123456789abcdef.css`). Trunk
/// writes the 64-bit hash without leading zeros, so one in sixteen builds has 15 digits
/// (and fewer, rarely).
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.split(['-', '_', '.'])
        .any(|part| (12..=16).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Paths without an extension are the app's pages; everything else is a file.
fn is_page(path: &str) -> bool {
    !path.rsplit('/').next().unwrap_or(path).contains('.')
}

/// The base64 of bytes (for CSP hashes).
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The policy for the app's page: its own scripts (and the inline start-up script
/// Trunk writes, by hash), WebAssembly, inline styles (Leptos sets `style`), images
/// from data and blob URLs (QR codes, exports), and sync with a relay anywhere.
pub fn content_security_policy(index_html: &str) -> String {
    let mut hashes = String::new();
    let mut rest = index_html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body = &after[open_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        if !tag.contains("src=") {
            let digest = Sha256::digest(&body.as_bytes()[..close]);
            hashes.push_str(&format!(" 'sha256-{}'", base64(&digest)));
        }
        rest = &body[close..];
    }
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; \
         connect-src 'self' ws: wss: http: https:; worker-src 'self'; manifest-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

#[derive(Clone)]
struct Files {
    dir: ServeDir,
    index: ServeFile,
    csp: Arc<HeaderValue>,
}

/// Adds the built app under `/` to `router`.
pub fn static_files(router: Router, dir: PathBuf) -> Router {
    let index_html = std::fs::read_to_string(dir.join("index.html")).unwrap_or_default();
    let csp = HeaderValue::from_str(&content_security_policy(&index_html))
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
    let files = Files {
        dir: ServeDir::new(&dir)
            .precompressed_br()
            .precompressed_gzip()
            .append_index_html_on_directories(true),
        index: ServeFile::new(dir.join("index.html"))
            .precompressed_br()
            .precompressed_gzip(),
        csp: Arc::new(csp),
    };
    router.fallback(move |request: Request| serve_file(files.clone(), request))
}

async fn serve_file(files: Files, request: Request) -> Response {
    let path = request.uri().path().to_string();
    let served = if is_page(&path) {
        files.index.oneshot(request).await
    } else {
        files.dir.oneshot(request).await
    };
    let mut response = match served {
        Ok(r) => r.map(Body::new),
        Err(never) => match never {},
    };
    let status = response.status();
    let headers = response.headers_mut();
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let cache = if status == StatusCode::NOT_FOUND {
        "no-store"
    } else if html || path == "/sw.js" || path.ends_with(".webmanifest") {
        // The page and the service worker must be revalidated on every visit, or a
        // new build is never seen.
        "no-cache"
    } else if is_hashed(&path) {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=3600"
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if html {
        headers.insert(header::CONTENT_SECURITY_POLICY, (*files.csp).clone());
    }
    if status == StatusCode::NOT_FOUND {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    response
}

/// Headers every response carries.
pub fn security_headers(router: Router) -> Router {
    router.layer(middleware::from_fn(add_security_headers))
}

async fn add_security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // The sync token travels in URLs: never hand it on as a referrer.
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_output_is_recognised_as_hashed() {
        assert!(is_hashed("/kam-app-0123456789abcdef_bg.wasm"));
        assert!(is_hashed("/base-0123456789abcdef.css"));
        // A hash with a leading zero is written with 15 digits.
        assert!(is_hashed("/kam-app-3f1541b161c3347_bg.wasm"));
        assert!(!is_hashed("/sw.js"));
        assert!(!is_hashed("/icons/icon-192.png"));
    }

    #[test]
    fn pages_and_files_are_told_apart() {
        assert!(is_page("/"));
        assert!(is_page("/accounts/abc"));
        assert!(!is_page("/missing-0123.js"));
    }

    #[test]
    fn base64_matches_the_standard_alphabet() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn the_policy_allows_the_inline_start_script_by_hash() {
        let csp = content_security_policy(
            "<script type=\"module\">init()</script><script src=\"/x.js\"></script>",
        );
        let digest = base64(&Sha256::digest(b"init()"));
        assert!(csp.contains(&format!("'sha256-{digest}'")), "{csp}");
        assert!(csp.contains("'wasm-unsafe-eval'"));
        assert_eq!(csp.matches("sha256-").count(), 1);
    }
}
