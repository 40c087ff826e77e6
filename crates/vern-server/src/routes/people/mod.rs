//! People, their consent and restrictions: the HTTP adapter over the people use cases
//! (`crate::people`).

mod art14;
mod consent;
pub(crate) mod person;
mod restriction;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

pub(crate) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(person::create_person, person::find_people))
        .routes(routes!(person::get_person, person::update_person))
        .routes(routes!(consent::list_consents, consent::record_consent))
        .routes(routes!(art14::record_exemption))
        .routes(routes!(art14::retry))
        .routes(routes!(
            restriction::list_restrictions,
            restriction::place_restriction,
            restriction::lift_restriction
        ))
}
