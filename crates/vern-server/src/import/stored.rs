//! What a re-import compares a line with: the stored person, their consents, relationships,
//! standing objection, business-contact mark and (when the line carries any) CRM history.

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

/// What is stored of the person with this id, as a re-import compares it; their CRM history
/// only when `history` (a line without any has nothing to compare with it).
pub(super) async fn stored_person(state: &AppState, id: &str, history: bool) -> ApiResult<Stored> {
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
    let held = if history {
        Some(Held {
            activities: state.store.list_activities(id).await?,
            deals: state.store.list_deals(id).await?,
            todos: state.store.list_todos(id).await?,
        })
    } else {
        None
    };
    Ok(Stored {
        person,
        consents,
        relationships,
        objected,
        business_contact,
        held,
    })
}
