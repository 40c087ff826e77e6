//! What a re-import compares a line with: the stored person, their consents, relationships,
//! standing objection and business-contact mark, read for a whole batch of people at once,
//! and the CRM history of those whose line carries some.

use std::collections::HashMap;
use vern_store::model::{ConsentRecord, Person, RelationshipInput};

use super::crm::Held;
use crate::error::ApiResult;
use crate::state::AppState;

/// What is stored of a person a line names by external id.
pub(super) struct Stored {
    pub(super) person: Person,
    pub(super) consents: Vec<ConsentRecord>,
    pub(super) relationships: Vec<RelationshipInput>,
    pub(super) objected: bool,
    pub(super) business_contact: bool,
    /// The activities, deals and todos, read only for a line that carries some.
    pub(super) held: Option<Held>,
}

/// What is stored of the live people with these ids, as a re-import compares them, by id:
/// a few queries for the whole batch (one per table for each chunk of ids), not a few per
/// person. A person erased meanwhile is missing from the answer. Each id comes with whether its
/// line carries CRM history: only those people's activities, deals and todos are read (three
/// queries each; a line without any has nothing to compare them with).
pub(super) async fn stored_people(
    state: &AppState,
    ids: &[(String, bool)],
) -> ApiResult<HashMap<String, Stored>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let only_ids: Vec<String> = ids.iter().map(|(id, _)| id.clone()).collect();
    let people = state.store.stored_people(&only_ids).await?;
    let objectors = {
        let persons: Vec<&Person> = people.iter().map(|s| &s.person).collect();
        crate::objection::objectors(state, &persons).await?
    };
    let mut out: HashMap<String, Stored> = people
        .into_iter()
        .map(|s| {
            let relationships = s
                .relationships
                .into_iter()
                .map(|r| RelationshipInput {
                    product_category: r.product_category,
                    started: r.started,
                    ended: r.ended,
                    deal: None,
                })
                .collect();
            let stored = Stored {
                objected: objectors.contains(&s.person.id),
                person: s.person,
                consents: s.consents,
                relationships,
                business_contact: s.business_contact,
                held: None,
            };
            (stored.person.id.clone(), stored)
        })
        .collect();
    for (id, history) in ids {
        if let (true, Some(stored)) = (*history, out.get_mut(id)) {
            stored.held = Some(Held {
                activities: state.store.list_activities(id).await?,
                deals: state.store.list_deals(id).await?,
                todos: state.store.list_todos(id).await?,
            });
        }
    }
    Ok(out)
}
