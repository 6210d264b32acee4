//! Reading one item and the values of one field (all of them, when two writers
//! disagree).

use automerge::{ObjId, ObjType};
use autosurgeon::ReadDoc;

use super::*;

/// Reads one item of a list (used by tests and the app's detail views).
pub fn read_item<D: ReadDoc + automerge::ReadDoc>(
    doc: &D,
    list: &ListRef,
    id: &str,
) -> Option<Item> {
    let finder = &mut Finder::default();
    let list_obj = locate_list_readonly(doc, list, finder)?;
    let (index, _) = finder.find(doc, &list_obj, id)?;
    Item::hydrate_at(doc, list.kind(), &list_obj, index).ok()
}

/// [`read_item`] through the document's index of items (no list scan per call).
pub(crate) fn read_item_with<D: ReadDoc + automerge::ReadDoc>(
    doc: &D,
    list: &ListRef,
    id: &str,
    finder: &mut Finder,
) -> Option<Item> {
    let list_obj = locate_list_readonly(doc, list, finder)?;
    let (index, _) = finder.find(doc, &list_obj, id)?;
    Item::hydrate_at(doc, list.kind(), &list_obj, index).ok()
}

pub(crate) fn locate_list_readonly<D: ReadDoc>(
    doc: &D,
    list: &ListRef,
    finder: &mut Finder,
) -> Option<ObjId> {
    let (place, key) = list_place(list);
    let parent = parent_obj(doc, &place, finder).ok()?;
    get_obj(doc, &parent, key)
}

/// All values a field currently holds: one normally, several after concurrent edits
/// (the first is the one the model shows). Values are given as display text.
pub(crate) fn field_values(
    doc: &automerge::Automerge,
    list: &ListRef,
    id: &str,
    field: &str,
    finder: &mut Finder,
) -> Vec<String> {
    let Some(list_obj) = locate_list_readonly(doc, list, finder) else {
        return Vec::new();
    };
    let Some((_, obj)) = finder.find(doc, &list_obj, id) else {
        return Vec::new();
    };
    all_values(doc, &obj, field)
}

/// All concurrent values of a property of `obj`, the winning one first.
pub(crate) fn all_values(doc: &automerge::Automerge, obj: &ObjId, field: &str) -> Vec<String> {
    let mut values: Vec<String> = automerge::ReadDoc::get_all(doc, obj, field)
        .unwrap_or_default()
        .into_iter()
        .map(|(value, id)| match value {
            automerge::Value::Scalar(s) => match s.as_ref() {
                automerge::ScalarValue::Str(t) => t.to_string(),
                other => other.to_string(),
            },
            automerge::Value::Object(ObjType::Text) => {
                automerge::ReadDoc::text(doc, &id).unwrap_or_default()
            }
            automerge::Value::Object(_) => String::from("…"),
        })
        .collect();
    // automerge lists conflicting values in op order with the winner last.
    values.reverse();
    values
}
