//! The list of workspaces in this browser (ids and names) and which one is open.
//! Small strings, so localStorage via gloo-storage; the documents live in IndexedDB.

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

use crate::error::AppError;

const LIST_KEY: &str = "kam.workspaces";
const CURRENT_KEY: &str = "kam.currentWorkspace";

/// One workspace known to this browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceEntry {
    pub id: String,
    pub name: String,
}

/// The known workspaces; an unreadable list counts as empty (the documents stay in
/// IndexedDB and can be re-imported from an export).
pub fn load() -> Vec<WorkspaceEntry> {
    LocalStorage::get(LIST_KEY).unwrap_or_default()
}

pub fn save(list: &[WorkspaceEntry]) -> Result<(), AppError> {
    LocalStorage::set(LIST_KEY, list).map_err(|e| AppError::Storage(e.to_string()))
}

pub fn current() -> Option<String> {
    LocalStorage::get(CURRENT_KEY).ok()
}

pub fn set_current(id: Option<&str>) -> Result<(), AppError> {
    match id {
        Some(id) => {
            LocalStorage::set(CURRENT_KEY, id).map_err(|e| AppError::Storage(e.to_string()))
        }
        None => {
            LocalStorage::delete(CURRENT_KEY);
            Ok(())
        }
    }
}
