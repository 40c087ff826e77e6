//! Checking one number or address, washing a list, the national registers and the block list.
//! The check and the wash decide through the same code as the API (`decide_item`, `wash::run`),
//! and so through `vern_core::decide` alone.

mod blocklist;
mod check;
mod registers;
mod wash;

pub(crate) use blocklist::{blocklist, blocklist_change};
pub(crate) use check::{check, check_fragment};
pub(crate) use registers::registers;
pub(crate) use wash::{MAX_UPLOAD, WashFiles, wash_download, wash_page, wash_result, wash_upload};
