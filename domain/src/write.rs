//! Writing model values into the document with serde: a new list item, or a new
//! workspace's skeleton. The counterpart of `snapshot` (which reads them): one serde
//! mapping for both directions, so each type's writing code exists once in the wasm
//! (autosurgeon's derived reconcilers were a second, larger copy, with a list diff no
//! insert needs). Field edits of existing items go through `command::run::write_fields`.
//!
//! Structs and maps become map objects, sequences list objects, unit variants their
//! name, other variants a map of their name to their content (as serde_json writes
//! them), `None` a null. A `Text` (serialized as the newtype [`TEXT`]) becomes a text
//! object, so people can edit it together.

use automerge::{AutomergeError, ObjId, ObjType, ROOT, ScalarValue, transaction::Transactable};
use serde::{Serialize, ser};

/// The newtype name under which the model serializes collaborative text; serde_json
/// writes the string inside, this writer a text object.
pub(crate) const TEXT: &str = "kam::Text";

/// Why a value could not be written.
#[derive(Debug)]
pub(crate) struct WriteError(String);

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WriteError {}

impl ser::Error for WriteError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        WriteError(msg.to_string())
    }
}

impl From<AutomergeError> for WriteError {
    fn from(e: AutomergeError) -> Self {
        WriteError(e.to_string())
    }
}

/// Inserts `value` into the list `list` at `index`.
pub(crate) fn insert<D: Transactable, T: Serialize>(
    doc: &mut D,
    list: &ObjId,
    index: usize,
    value: &T,
) -> Result<(), WriteError> {
    value.serialize(Place {
        sink: doc,
        obj: list.clone(),
        at: At::Insert(index),
    })
}

/// Writes the fields of `value` (a struct) into the document's root map.
pub(crate) fn into_root<D: Transactable, T: Serialize>(
    doc: &mut D,
    value: &T,
) -> Result<(), WriteError> {
    value.serialize(Place {
        sink: doc,
        obj: ROOT,
        at: At::Root,
    })
}

/// Where in its object a value goes.
enum At {
    Key(String),
    Insert(usize),
    /// The object itself: a struct's fields go straight into it (the root map).
    Root,
}

/// What writing needs of a transaction, object-safe: each type's writing code is
/// compiled once, whatever the document type.
trait Sink {
    fn scalar(&mut self, obj: &ObjId, at: &At, value: ScalarValue) -> Result<(), WriteError>;
    fn object(&mut self, obj: &ObjId, at: &At, typ: ObjType) -> Result<ObjId, WriteError>;
    fn fill_text(&mut self, text: &ObjId, value: &str) -> Result<(), WriteError>;
}

impl<D: Transactable> Sink for D {
    fn scalar(&mut self, obj: &ObjId, at: &At, value: ScalarValue) -> Result<(), WriteError> {
        match at {
            At::Key(key) => Transactable::put(self, obj, key.as_str(), value)?,
            At::Insert(index) => Transactable::insert(self, obj, *index, value)?,
            At::Root => return Err(WriteError("the root takes fields, not a value".into())),
        }
        Ok(())
    }

    fn object(&mut self, obj: &ObjId, at: &At, typ: ObjType) -> Result<ObjId, WriteError> {
        Ok(match at {
            At::Key(key) => Transactable::put_object(self, obj, key.as_str(), typ)?,
            At::Insert(index) => Transactable::insert_object(self, obj, *index, typ)?,
            At::Root if typ == ObjType::Map => obj.clone(),
            At::Root => return Err(WriteError("the root is a map".into())),
        })
    }

    fn fill_text(&mut self, text: &ObjId, value: &str) -> Result<(), WriteError> {
        Ok(Transactable::splice_text(self, text, 0, 0, value)?)
    }
}

/// A serde serializer that writes one value at one place.
struct Place<'a> {
    sink: &'a mut dyn Sink,
    obj: ObjId,
    at: At,
}

impl<'a> Place<'a> {
    fn scalar(self, value: ScalarValue) -> Result<(), WriteError> {
        self.sink.scalar(&self.obj, &self.at, value)
    }

    fn object(self, typ: ObjType) -> Result<Object<'a>, WriteError> {
        let obj = self.sink.object(&self.obj, &self.at, typ)?;
        Ok(Object {
            sink: self.sink,
            obj,
            next: 0,
            key: None,
        })
    }

    /// `{variant: …}`: the object the variant's content goes into, by its name.
    fn variant(self, variant: &'static str) -> Result<Place<'a>, WriteError> {
        let map = self.object(ObjType::Map)?;
        Ok(Place {
            sink: map.sink,
            obj: map.obj,
            at: At::Key(variant.to_string()),
        })
    }
}

/// A map or list object being filled: fields by name, elements in order.
struct Object<'a> {
    sink: &'a mut dyn Sink,
    obj: ObjId,
    next: usize,
    key: Option<String>,
}

impl Object<'_> {
    fn field<T: Serialize + ?Sized>(&mut self, key: String, value: &T) -> Result<(), WriteError> {
        value.serialize(Place {
            sink: &mut *self.sink,
            obj: self.obj.clone(),
            at: At::Key(key),
        })
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        value.serialize(Place {
            sink: &mut *self.sink,
            obj: self.obj.clone(),
            at: At::Insert(self.next),
        })?;
        self.next += 1;
        Ok(())
    }
}

impl<'a> ser::Serializer for Place<'a> {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = Object<'a>;
    type SerializeTuple = Object<'a>;
    type SerializeTupleStruct = Object<'a>;
    type SerializeTupleVariant = Object<'a>;
    type SerializeMap = Object<'a>;
    type SerializeStruct = Object<'a>;
    type SerializeStructVariant = Object<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), WriteError> {
        self.scalar(ScalarValue::Boolean(v))
    }
    fn serialize_i8(self, v: i8) -> Result<(), WriteError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), WriteError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), WriteError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), WriteError> {
        self.scalar(ScalarValue::Int(v))
    }
    fn serialize_u8(self, v: u8) -> Result<(), WriteError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), WriteError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), WriteError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), WriteError> {
        self.scalar(ScalarValue::Uint(v))
    }
    fn serialize_f32(self, v: f32) -> Result<(), WriteError> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<(), WriteError> {
        self.scalar(ScalarValue::F64(v))
    }
    fn serialize_char(self, v: char) -> Result<(), WriteError> {
        self.scalar(ScalarValue::Str(v.to_string().into()))
    }
    fn serialize_str(self, v: &str) -> Result<(), WriteError> {
        self.scalar(ScalarValue::Str(v.into()))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), WriteError> {
        self.scalar(ScalarValue::Bytes(v.to_vec()))
    }
    fn serialize_none(self) -> Result<(), WriteError> {
        self.scalar(ScalarValue::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), WriteError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), WriteError> {
        self.scalar(ScalarValue::Null)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), WriteError> {
        self.scalar(ScalarValue::Null)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), WriteError> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        if name != TEXT {
            return value.serialize(self);
        }
        // The marker holds a plain string; serde_json hands it over.
        let serde_json::Value::String(content) =
            serde_json::to_value(value).map_err(|e| WriteError(e.to_string()))?
        else {
            return Err(WriteError("text holds a string".into()));
        };
        let sink = self.sink;
        let text = sink.object(&self.obj, &self.at, ObjType::Text)?;
        sink.fill_text(&text, &content)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        value.serialize(self.variant(variant)?)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Object<'a>, WriteError> {
        self.object(ObjType::List)
    }
    fn serialize_tuple(self, _len: usize) -> Result<Object<'a>, WriteError> {
        self.object(ObjType::List)
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Object<'a>, WriteError> {
        self.object(ObjType::List)
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Object<'a>, WriteError> {
        self.variant(variant)?.object(ObjType::List)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Object<'a>, WriteError> {
        self.object(ObjType::Map)
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Object<'a>, WriteError> {
        self.object(ObjType::Map)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Object<'a>, WriteError> {
        self.variant(variant)?.object(ObjType::Map)
    }
}

impl ser::SerializeSeq for Object<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        self.element(value)
    }
    fn end(self) -> Result<(), WriteError> {
        Ok(())
    }
}

impl ser::SerializeTuple for Object<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        self.element(value)
    }
    fn end(self) -> Result<(), WriteError> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Object<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        self.element(value)
    }
    fn end(self) -> Result<(), WriteError> {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Object<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        self.element(value)
    }
    fn end(self) -> Result<(), WriteError> {
        Ok(())
    }
}

impl ser::SerializeMap for Object<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), WriteError> {
        match serde_json::to_value(key).map_err(|e| WriteError(e.to_string()))? {
            serde_json::Value::String(key) => {
                self.key = Some(key);
                Ok(())
            }
            other => Err(WriteError(format!("a map key must be text, not {other}"))),
        }
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        match self.key.take() {
            Some(key) => self.field(key, value),
            None => Err(WriteError("a map value without its key".into())),
        }
    }
    fn end(self) -> Result<(), WriteError> {
        Ok(())
    }
}

impl ser::SerializeStruct for Object<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        self.field(key.to_string(), value)
    }
    fn end(self) -> Result<(), WriteError> {
        Ok(())
    }
}

impl ser::SerializeStructVariant for Object<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        self.field(key.to_string(), value)
    }
    fn end(self) -> Result<(), WriteError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use automerge::{Automerge, ReadDoc};

    use crate::model::{Action, CriterionRule, ProgrammeReview, Status, Text};

    /// What the writer puts down reads back as the same value, and collaborative text
    /// is a text object (so concurrent typing merges), not a string.
    #[test]
    fn a_written_item_reads_back_the_same() {
        let action = Action {
            id: "a1".into(),
            title: "Jahresgespräch vorbereiten".into(),
            owner_id: Some("p1".into()),
            due: None,
            status: Status::InProgress,
            goal_id: None,
        };
        let review = ProgrammeReview {
            id: "r1".into(),
            date: "2027-03-31".into(),
            participants: "GL".into(),
            findings: Text::with_value("Zu wenige Pläne aktuell."),
            measure_ids: vec!["s1".into(), "s2".into()],
        };
        let rules = vec![
            CriterionRule::Measured {
                field: "revenue".into(),
                threshold: -5,
            },
            CriterionRule::Rated { min: 3 },
        ];
        let mut doc = Automerge::new();
        let mut tx = doc.transaction();
        let list = automerge::transaction::Transactable::put_object(
            &mut tx,
            automerge::ROOT,
            "list",
            automerge::ObjType::List,
        )
        .expect("list");
        super::insert(&mut tx, &list, 0, &review).expect("write");
        super::insert(&mut tx, &list, 1, &action).expect("write");
        let rules_obj = automerge::transaction::Transactable::put_object(
            &mut tx,
            automerge::ROOT,
            "rules",
            automerge::ObjType::List,
        )
        .expect("rules");
        for (i, rule) in rules.iter().enumerate() {
            super::insert(&mut tx, &rules_obj, i, rule).expect("rule");
        }
        tx.commit();
        let back: ProgrammeReview = crate::snapshot::read(&doc, &list, 0).expect("read");
        assert_eq!(back, review);
        let back: Action = crate::snapshot::read(&doc, &list, 1).expect("read");
        assert_eq!(back, action);
        let back: Vec<CriterionRule> =
            crate::snapshot::read(&doc, &automerge::ROOT, "rules").expect("rules");
        assert_eq!(back, rules);
        let (_, item) = doc.get(&list, 0).expect("get").expect("item");
        let (findings, _) = doc.get(&item, "findings").expect("get").expect("findings");
        assert!(matches!(
            findings,
            automerge::Value::Object(automerge::ObjType::Text)
        ));
        let (_, item) = doc.get(&list, 1).expect("get").expect("item");
        let (due, _) = doc.get(&item, "due").expect("get").expect("due");
        assert!(due.is_null());
        let (status, _) = doc.get(&item, "status").expect("get").expect("status");
        assert_eq!(status.as_str(), Some("InProgress"));
    }
}
