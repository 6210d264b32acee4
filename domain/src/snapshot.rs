//! Reading the document into the model with serde, walking its maps and lists once:
//! the whole workspace, one item, or one value. It is the only reader (autosurgeon's
//! field-by-field reads took ~5× longer on the large fixture and were a second copy of
//! every type's reading code in the app). Committed documents and open transactions
//! are read through one `dyn Source`, so each type's reading exists once in the wasm. A
//! value made of parts is also shown as JSON (`to_json`), when two versions of it are
//! compared.

use automerge::{
    AutomergeError, ObjId, ObjType, Prop, ROOT, ReadDoc, ScalarValue, ScalarValueRef, ValueRef,
    hydrate,
    iter::{ListRange, MapRange},
};
use serde::{
    Deserialize,
    de::{
        DeserializeOwned, DeserializeSeed, Error as _, IntoDeserializer, MapAccess, SeqAccess,
        Unexpected, Visitor, value::MapAccessDeserializer,
    },
};
use serde_json::{Map, Number, Value as Json};

use crate::json_cursor::{JsonCursor, Number as JsonNumber, Token};
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

/// What reading needs of a document, object-safe: a document and a transaction (which
/// sees its own uncommitted changes) share one reading code.
trait Source {
    fn map_range(&self, obj: &ObjId) -> MapRange<'_>;
    fn list_range(&self, obj: &ObjId) -> ListRange<'_>;
    fn text(&self, obj: &ObjId) -> Result<String, AutomergeError>;
    /// The one entry of `key` (a range of one, found without a walk).
    fn map_entry(&self, obj: &ObjId, key: &str) -> MapRange<'_>;
    /// The one element at `index`.
    fn list_element(&self, obj: &ObjId, index: usize) -> ListRange<'_>;
}

impl<D: ReadDoc> Source for D {
    fn map_range(&self, obj: &ObjId) -> MapRange<'_> {
        ReadDoc::map_range(self, obj, ..)
    }
    fn list_range(&self, obj: &ObjId) -> ListRange<'_> {
        ReadDoc::list_range(self, obj, ..)
    }
    fn text(&self, obj: &ObjId) -> Result<String, AutomergeError> {
        ReadDoc::text(self, obj)
    }
    fn map_entry(&self, obj: &ObjId, key: &str) -> MapRange<'_> {
        ReadDoc::map_range(self, obj, key.to_string()..=key.to_string())
    }
    fn list_element(&self, obj: &ObjId, index: usize) -> ListRange<'_> {
        ReadDoc::list_range(self, obj, index..=index)
    }
}

/// The whole workspace, read in one pass straight from the document into the model
/// (no intermediate tree: automerge's own hydration and a JSON value in between took
/// three times as long at 20,000 customers).
pub(crate) fn hydrate_workspace<D: ReadDoc>(doc: &D) -> Result<Workspace, String> {
    Workspace::deserialize(Node::Obj(doc, ROOT, ObjType::Map)).map_err(|e| e.to_string())
}

/// The value at `prop` of `obj` (a map key or a list index) as a `T`; an absent value
/// reads as null, so an `Option` is `None` and a required type says what is missing.
pub(crate) fn read<D: ReadDoc, T: DeserializeOwned>(
    doc: &D,
    obj: &ObjId,
    prop: impl Into<Prop>,
) -> Result<T, String> {
    read_dyn(doc, obj, prop.into())
}

fn read_dyn<T: DeserializeOwned>(doc: &dyn Source, obj: &ObjId, prop: Prop) -> Result<T, String> {
    let node = match &prop {
        Prop::Map(key) => doc
            .map_entry(obj, key)
            .find(|item| item.key == key.as_str())
            .map(|item| {
                let id = object_id(&item.value, || item.id());
                Node::of(doc, item.value, id)
            }),
        Prop::Seq(index) => doc.list_element(obj, *index).next().map(|item| {
            let id = object_id(&item.value, || item.id());
            Node::of(doc, item.value, id)
        }),
    };
    T::deserialize(node.unwrap_or(Node::Scalar(ScalarValueRef::Null))).map_err(|e| match prop {
        Prop::Map(key) => format!("{key}: {e}"),
        Prop::Seq(index) => format!("item {}: {e}", index + 1),
    })
}

/// The model from its JSON text (the cached model, `model_cache`), read in one pass by
/// the same reader as the document: one copy of every type's reading code in the wasm,
/// not two. Nothing but white space may follow it.
pub(crate) fn workspace_from_json(text: &[u8]) -> Result<Workspace, String> {
    let cursor = JsonCursor::new(text);
    let workspace = Workspace::deserialize(Node::Json(&cursor)).map_err(|e| e.to_string())?;
    match cursor.at_end() {
        true => Ok(workspace),
        false => Err(cursor.error("more after the workspace").to_string()),
    }
}

/// One value as serde reads it: an object or a scalar of the document, or the JSON
/// value where a cursor stands.
enum Node<'a> {
    Obj(&'a dyn Source, ObjId, ObjType),
    Scalar(ScalarValueRef<'a>),
    Json(&'a JsonCursor<'a>),
}

impl<'a> Node<'a> {
    /// `id` is the object's id, read only for objects (scalars have no use for it).
    fn of(doc: &'a dyn Source, value: ValueRef<'a>, id: Option<ObjId>) -> Node<'a> {
        match (value, id) {
            (ValueRef::Object(typ), Some(id)) => Node::Obj(doc, id, typ),
            (ValueRef::Scalar(s), _) => Node::Scalar(s),
            (ValueRef::Object(_), None) => Node::Scalar(ScalarValueRef::Null),
        }
    }

    /// What this is, for the message when a type does not fit it (JSON says it with
    /// its token).
    fn unexpected(&self) -> Unexpected<'_> {
        match self {
            Node::Scalar(ScalarValueRef::Str(t)) => Unexpected::Str(t),
            Node::Scalar(ScalarValueRef::Int(i)) => Unexpected::Signed(*i),
            Node::Scalar(ScalarValueRef::Uint(u)) => Unexpected::Unsigned(*u),
            Node::Scalar(ScalarValueRef::F64(f)) => Unexpected::Float(*f),
            Node::Scalar(ScalarValueRef::Boolean(b)) => Unexpected::Bool(*b),
            Node::Scalar(ScalarValueRef::Counter(c) | ScalarValueRef::Timestamp(c)) => {
                Unexpected::Signed(*c)
            }
            Node::Scalar(_) => Unexpected::Unit,
            Node::Obj(_, _, ObjType::Map | ObjType::Table) => Unexpected::Map,
            Node::Obj(_, _, ObjType::List) => Unexpected::Seq,
            Node::Obj(_, _, ObjType::Text) => Unexpected::Other("text"),
            Node::Json(_) => Unexpected::Other("JSON text"),
        }
    }
}

type DeError = serde::de::value::Error;

/// An element's object id, read only when it is an object.
fn object_id(value: &ValueRef<'_>, id: impl FnOnce() -> ObjId) -> Option<ObjId> {
    matches!(value, ValueRef::Object(_)).then(id)
}

impl<'de, 'a> serde::Deserializer<'de> for Node<'a> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Node::Scalar(s) => match s {
                ScalarValueRef::Str(t) => visitor.visit_str(&t),
                ScalarValueRef::Int(i) => visitor.visit_i64(i),
                ScalarValueRef::Uint(u) => visitor.visit_u64(u),
                ScalarValueRef::F64(f) => visitor.visit_f64(f),
                ScalarValueRef::Counter(c) | ScalarValueRef::Timestamp(c) => visitor.visit_i64(c),
                ScalarValueRef::Boolean(b) => visitor.visit_bool(b),
                ScalarValueRef::Null
                | ScalarValueRef::Bytes(_)
                | ScalarValueRef::Unknown { .. } => visitor.visit_unit(),
            },
            Node::Obj(doc, obj, ObjType::Map | ObjType::Table) => {
                visitor.visit_map(Fields::new(doc, &obj))
            }
            Node::Obj(doc, obj, ObjType::List) => visitor.visit_seq(Items::new(doc, &obj)),
            Node::Obj(doc, obj, ObjType::Text) => {
                visitor.visit_string(doc.text(&obj).map_err(DeError::custom)?)
            }
            Node::Json(cursor) => match cursor.token()? {
                Token::Null => visitor.visit_unit(),
                Token::Bool(b) => visitor.visit_bool(b),
                Token::Str(t) => visitor.visit_str(&t),
                Token::Array => visitor.visit_seq(Items::json(cursor)),
                Token::Object => visitor.visit_map(Fields::json(cursor)),
                Token::Number(JsonNumber::Unsigned(u)) => visitor.visit_u64(u),
                Token::Number(JsonNumber::Signed(i)) => visitor.visit_i64(i),
                Token::Number(JsonNumber::Float(f)) => visitor.visit_f64(f),
            },
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Node::Scalar(ScalarValueRef::Null) => visitor.visit_none(),
            Node::Json(cursor) if cursor.null()? => visitor.visit_none(),
            other => visitor.visit_some(other),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    /// As serde_json writes them: a unit variant by its name, any other as a map of
    /// its name to its content.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match self {
            Node::Scalar(ScalarValueRef::Str(t)) => {
                visitor.visit_enum(t.as_ref().into_deserializer())
            }
            Node::Obj(doc, obj, ObjType::Map | ObjType::Table) => {
                visitor.visit_enum(MapAccessDeserializer::new(Fields::new(doc, &obj)))
            }
            Node::Json(cursor) => match cursor.token()? {
                Token::Str(t) => visitor.visit_enum(t.as_ref().into_deserializer()),
                Token::Object => {
                    // A map of one: serde reads its name and content, not its end.
                    let value =
                        visitor.visit_enum(MapAccessDeserializer::new(Fields::json(cursor)))?;
                    cursor.expect(b'}')?;
                    Ok(value)
                }
                other => Err(DeError::invalid_type(other.unexpected(), &visitor)),
            },
            _ => Err(DeError::custom("expected a variant name or a map of one")),
        }
    }

    // Structs, maps and lists ask only for what they read (not `deserialize_any`):
    // serde's derived visitors then never need their other methods, which kept a
    // sequence reader of every struct in the wasm (~40 KB) though the model has none.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Node::Obj(doc, obj, ObjType::Map | ObjType::Table) => {
                visitor.visit_map(Fields::new(doc, &obj))
            }
            Node::Json(cursor) => {
                cursor.open(b'{', &visitor)?;
                visitor.visit_map(Fields::json(cursor))
            }
            other => Err(DeError::invalid_type(other.unexpected(), &visitor)),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Node::Obj(doc, obj, ObjType::List) => visitor.visit_seq(Items::new(doc, &obj)),
            Node::Json(cursor) => {
                cursor.open(b'[', &visitor)?;
                visitor.visit_seq(Items::json(cursor))
            }
            other => Err(DeError::invalid_type(other.unexpected(), &visitor)),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct tuple tuple_struct identifier
        ignored_any
    }
}

/// The properties of a map object, or of a JSON object.
struct Fields<'a> {
    entries: Entries<'a>,
    next: Option<Node<'a>>,
}

// As large as the document's range was before (one per level being read); boxing it
// would allocate for every map and list of the document.
#[allow(clippy::large_enum_variant)]
enum Entries<'a> {
    Doc(&'a dyn Source, MapRange<'a>),
    /// After the object's `{`; true until its first entry was read.
    Json(&'a JsonCursor<'a>, bool),
}

impl<'a> Fields<'a> {
    fn new(doc: &'a dyn Source, obj: &ObjId) -> Fields<'a> {
        Fields {
            entries: Entries::Doc(doc, doc.map_range(obj)),
            next: None,
        }
    }

    /// The entries of the object whose `{` the cursor took.
    fn json(cursor: &'a JsonCursor<'a>) -> Fields<'a> {
        Fields {
            entries: Entries::Json(cursor, true),
            next: None,
        }
    }
}

impl<'de, 'a> MapAccess<'de> for Fields<'a> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        match &mut self.entries {
            Entries::Doc(doc, range) => {
                let Some(item) = range.next() else {
                    return Ok(None);
                };
                let id = object_id(&item.value, || item.id());
                self.next = Some(Node::of(*doc, item.value, id));
                seed.deserialize(item.key.as_ref().into_deserializer())
                    .map(Some)
            }
            Entries::Json(cursor, first) => {
                let Some(key) = cursor.key(first)? else {
                    return Ok(None);
                };
                self.next = Some(Node::Json(cursor));
                seed.deserialize(key.as_ref().into_deserializer()).map(Some)
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        match self.next.take() {
            Some(node) => seed.deserialize(node),
            None => Err(DeError::custom("a value without its key")),
        }
    }
}

/// The elements of a list object, or of a JSON array.
struct Items<'a> {
    elements: Elements<'a>,
}

// As large as the document's range was before (one per level being read); boxing it
// would allocate for every map and list of the document.
#[allow(clippy::large_enum_variant)]
enum Elements<'a> {
    Doc(&'a dyn Source, ListRange<'a>),
    /// After the array's `[`; true until its first element was read.
    Json(&'a JsonCursor<'a>, bool),
}

impl<'a> Items<'a> {
    fn new(doc: &'a dyn Source, obj: &ObjId) -> Items<'a> {
        Items {
            elements: Elements::Doc(doc, doc.list_range(obj)),
        }
    }

    /// The elements of the array whose `[` the cursor took.
    fn json(cursor: &'a JsonCursor<'a>) -> Items<'a> {
        Items {
            elements: Elements::Json(cursor, true),
        }
    }
}

impl<'de, 'a> SeqAccess<'de> for Items<'a> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        let node = match &mut self.elements {
            Elements::Doc(doc, range) => {
                let Some(item) = range.next() else {
                    return Ok(None);
                };
                let id = object_id(&item.value, || item.id());
                Node::of(*doc, item.value, id)
            }
            Elements::Json(cursor, first) => match cursor.next_in(b']', first)? {
                true => Node::Json(cursor),
                false => return Ok(None),
            },
        };
        seed.deserialize(node).map(Some)
    }
}

#[cfg(test)]
mod tests {
    /// A small document with every kind of item.
    fn sample() -> crate::document::WorkspaceDoc {
        crate::fixture::generate(
            crate::fixture::FixtureSize {
                customers: 40,
                key_accounts: 10,
                actions: 60,
                stakeholders: 30,
                changes: 400,
                authors: 3,
            },
            5,
        )
        .expect("fixture")
    }

    #[test]
    fn the_reading_equals_automerges_own_tree_through_json() {
        let doc = sample();
        let fast = super::hydrate_workspace(doc.automerge()).expect("fast reading");
        assert_eq!(fast, doc.workspace_slow().expect("through JSON"));
    }

    #[test]
    fn a_value_of_the_wrong_kind_is_named_with_what_was_expected() {
        let doc = sample();
        let mut json = serde_json::to_value(doc.workspace().expect("read")).expect("json");
        let read = |json: &serde_json::Value| {
            super::workspace_from_json(&serde_json::to_vec_pretty(json).expect("text"))
        };
        assert!(read(&json).is_ok());
        json["customers"] = serde_json::json!({"not": "a list"});
        let error = read(&json).expect_err("a map for a list");
        assert!(
            error.contains("invalid type: map, expected a sequence"),
            "{error}"
        );
        json["customers"] = serde_json::json!(["not a customer"]);
        let error = read(&json).expect_err("a string for a customer");
        assert!(
            error.contains("invalid type: string \"not a customer\", expected struct Customer"),
            "{error}"
        );
    }
}
