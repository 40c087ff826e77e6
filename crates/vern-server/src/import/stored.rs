//! What a re-import compares a line with: the stored person, their consents, relationships,
//! standing objection and business-contact mark, read for a whole batch of people at once.

use std::collections::HashMap;
use vern_store::model::{ConsentRecord, Person, RelationshipInput};

use crate::error::ApiResult;
use crate::state::AppState;

/// What is stored of a person a line names by external id.
pub(super) struct Stored {
    pub(super) person: Person,
    pub(super) consents: Vec<ConsentRecord>,
    pub(super) relationships: Vec<RelationshipInput>,
    pub(super) objected: bool,
    pub(super) business_contact: bool,
}

/// What is stored of the live people with these ids, as a re-import compares them, by id:
/// a few queries for the whole batch (one per table for each chunk of ids), not a few per
/// person. A person erased meanwhile is missing from the answer.
pub(super) async fn stored_people(
    state: &AppState,
    ids: &[String],
) -> ApiResult<HashMap<String, Stored>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let people = state.store.stored_people(ids).await?;
    let objectors = {
        let persons: Vec<&Person> = people.iter().map(|s| &s.person).collect();
        crate::objection::objectors(state, &persons).await?
    };
    Ok(people
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
            };
            (stored.person.id.clone(), stored)
        })
        .collect())
}
