//! What a re-import compares a line with: the stored person, their consents, relationships,
//! standing objection and business-contact mark.

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

/// What is stored of the person with this id, as a re-import compares it.
pub(super) async fn stored_person(state: &AppState, id: &str) -> ApiResult<Stored> {
    let person = state.store.get_person(id).await?;
    let consents = state.store.list_consents(id).await?;
    let relationships = state
        .store
        .list_relationships(id)
        .await?
        .into_iter()
        .map(|r| RelationshipInput {
            product_category: r.product_category,
            started: r.started,
            ended: r.ended,
            deal: None,
        })
        .collect();
    let objected = !crate::objection::standing(state, &person).await?.is_empty();
    let business_contact = state.store.is_business_contact(id).await?;
    Ok(Stored {
        person,
        consents,
        relationships,
        objected,
        business_contact,
    })
}
