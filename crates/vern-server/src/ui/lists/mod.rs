//! Checking one number or address, washing a list, the national registers and the block list.
//! The check and the wash decide through the same code as the API (`decide_item`, `wash::run`),
//! and so through `vern_core::decide` alone.

mod blocklist;
mod check;
mod registers;
mod wash;

pub(crate) use blocklist::{MAX_BLOCKLIST_FILE, blocklist, blocklist_change, blocklist_import};
pub(crate) use check::{check, check_fragment};
pub(crate) use registers::{MAX_REGISTER_FILE, register_upload, registers};
pub(crate) use wash::{MAX_UPLOAD, WashFiles, wash_download, wash_page, wash_result, wash_upload};
