//! Saving a file to the user's device and reading one they chose.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::error::AppError;

/// Offers `bytes` as a download named `name`.
pub fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), AppError> {
    let err = |e: JsValue| AppError::Download(format!("{e:?}"));
    let gone = |what: &str| AppError::Download(format!("no {what}"));
    let window = web_sys::window().ok_or_else(|| gone("window"))?;
    let document = window.document().ok_or_else(|| gone("document"))?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(err)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(err)?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").map_err(err)?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // The download has started; a URL that cannot be revoked only costs memory until
    // the tab closes.
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// A file name from a workspace name: letters, digits and dashes only.
pub fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let stem = stem.trim_matches('-').to_string();
    if stem.is_empty() {
        "arbeitsbereich".into()
    } else {
        stem
    }
}

/// The bytes of the first file chosen in an `<input type="file">`.
pub async fn read_chosen(input: &web_sys::HtmlInputElement) -> Option<Vec<u8>> {
    let file = input.files()?.get(0)?;
    let buffer = JsFuture::from(file.array_buffer()).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}
