//! A person as staff see them while working: their data, what each custom field is kept for,
//! and what blocks marketing to them. The API's person and the web UI's card and search show
//! this same view.

use std::collections::BTreeMap;
use vern_store::model::{Person, SuppressionRecord};

use crate::error::ApiResult;
use crate::state::AppState;

/// A person with what their data is for and what blocks contact.
#[derive(Debug)]
pub(crate) struct PersonView {
    pub(crate) person: Person,
    /// The key of the person's controller.
    pub(crate) controller_key: String,
    /// The description of each purpose the custom fields serve, by the purpose's key.
    pub(crate) purpose_descriptions: BTreeMap<String, String>,
    /// The objections and block-list entries covering the person's identifiers: everyone's and
    /// their own controller's, never another controller's.
    pub(crate) suppressions: Vec<Suppression>,
    /// Whether the person is a business contact.
    pub(crate) business_contact: bool,
    /// Where the data came from and the Art. 14 notice owed for it; `None` when the data came
    /// from the person themself.
    pub(crate) art14: Option<crate::art14::NoticeView>,
}

/// One suppression covering a person.
#[derive(Debug)]
pub(crate) struct Suppression {
    pub(crate) record: SuppressionRecord,
    /// The key of the controller it binds; none when it binds every controller.
    pub(crate) controller_key: Option<String>,
}

impl PersonView {
    /// True when an objection or the block list forbids direct marketing.
    pub(crate) fn do_not_contact(&self) -> bool {
        !self.suppressions.is_empty()
    }
}

/// The view of `person`, as of now.
pub(crate) async fn view(state: &AppState, person: Person) -> ApiResult<PersonView> {
    let business_contact = state.store.is_business_contact(&person.id).await?;
    let art14 = crate::art14::notice_of(state, &person).await?;
    let digests = super::person_digests(state, &person.profile);
    let records: Vec<SuppressionRecord> = state
        .store
        .suppressions_with(&digests, false)
        .await?
        .into_iter()
        .filter(|s| s.controller.is_none_or(|c| c == person.controller))
        .collect();
    let index = state.follower.index();
    let key_of = |id: vern_core::ControllerId| {
        index
            .controller_by_id(id)
            .map_or_else(|| id.to_string(), |c| c.record.key.clone())
    };
    let purpose_descriptions = person
        .profile
        .custom_fields
        .iter()
        .filter_map(|f| {
            index
                .purpose(person.controller, &f.purpose)
                .map(|p| (f.purpose.clone(), p.description.clone()))
        })
        .collect();
    let suppressions = records
        .into_iter()
        .map(|record| Suppression {
            controller_key: record.controller.map(key_of),
            record,
        })
        .collect();
    Ok(PersonView {
        controller_key: key_of(person.controller),
        purpose_descriptions,
        suppressions,
        business_contact,
        art14,
        person,
    })
}
