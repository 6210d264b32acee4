//! Fast full hydration: Automerge's own hydration of the whole document, read into the
//! model with serde. autosurgeon's field-by-field reads take ~5× longer on the large
//! fixture; they remain the fallback and the path for single items.

use automerge::{Automerge, ROOT, ReadDoc, ScalarValue, hydrate};
use serde_json::{Map, Number, Value as Json};

use crate::model::Workspace;

fn scalar(s: &ScalarValue) -> Json {
    match s {
        ScalarValue::Str(t) => Json::String(t.to_string()),
        ScalarValue::Int(i) => Json::Number((*i).into()),
        ScalarValue::Uint(u) => Json::Number((*u).into()),
        ScalarValue::F64(f) => Number::from_f64(*f).map_or(Json::Null, Json::Number),
        ScalarValue::Counter(c) => Json::Number(i64::from(c).into()),
        ScalarValue::Timestamp(t) => Json::Number((*t).into()),
        ScalarValue::Boolean(b) => Json::Bool(*b),
        ScalarValue::Null => Json::Null,
        ScalarValue::Bytes(_) | ScalarValue::Unknown { .. } => Json::Null,
    }
}

pub(crate) fn to_json(value: &hydrate::Value) -> Json {
    match value {
        hydrate::Value::Scalar(s) => scalar(s),
        hydrate::Value::Map(m) => Json::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), to_json(&v.value)))
                .collect::<Map<String, Json>>(),
        ),
        hydrate::Value::List(l) => Json::Array(l.iter().map(|v| to_json(&v.value)).collect()),
        hydrate::Value::Text(t) => Json::String(String::from(t)),
    }
}

/// The whole workspace, read in one pass.
pub(crate) fn hydrate_workspace(doc: &Automerge) -> Result<Workspace, String> {
    let tree = ReadDoc::hydrate(doc, ROOT, None).map_err(|e| e.to_string())?;
    serde_json::from_value(to_json(&tree)).map_err(|e| e.to_string())
}
