//! Finding a person, and the person card: identifiers, fields with their purposes, consent per
//! purpose and channel, what blocks contact (as a banner nobody can miss), the history, and the
//! actions the role may take.

mod actions;
mod card;
mod disclosure;
mod edit;
// Issue 20 §3: people imported from a spreadsheet in the UI.
mod import;
mod removal;
mod search;

pub(crate) use actions::{
    art14_exemption, art14_retry, record_consent, record_objection, restriction, share_link,
};
pub(crate) use card::{art14_failure, card};
pub(crate) use disclosure::{export, report};
pub(crate) use edit::{create, edit_page, new_page, update};
pub(crate) use import::{CheckedImports, MAX_IMPORT_FILE, import_check, import_form, import_run};
pub(crate) use removal::{anonymize, anonymize_page, erase, erase_page};
pub(crate) use search::search;
