//! Every text of the staff UI in Swedish, Norwegian (bokmål), Danish, Finnish and English.
//!
//! One table, one row per text with its five translations side by side: a text cannot be added
//! in one language and forgotten in another, because the row would not compile. The rows live
//! in one file per area of the UI (`i18n/people.rs`, `i18n/requests.rs`…); `gather_texts!`
//! collects them into the one `Texts` struct, so callers see a single table.

use crate::lang::Lang;

macro_rules! texts {
    ($($key:ident => [$sv:expr, $nb:expr, $da:expr, $fi:expr, $en:expr $(,)?],)*) => {
        /// The UI's texts in one language.
        #[derive(Debug)]
        pub(crate) struct Texts {
            /// The language code, as in `<html lang>`.
            pub(crate) code: &'static str,
            $(
                #[allow(missing_docs)]
                pub(crate) $key: &'static str,
            )*
        }

        static SV: Texts = Texts { code: "sv", $($key: $sv,)* };
        static NB: Texts = Texts { code: "nb", $($key: $nb,)* };
        static DA: Texts = Texts { code: "da", $($key: $da,)* };
        static FI: Texts = Texts { code: "fi", $($key: $fi,)* };
        static EN: Texts = Texts { code: "en", $($key: $en,)* };
    };
}

/// The texts of a language.
pub(crate) fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Sv => &SV,
        Lang::Nb => &NB,
        Lang::Da => &DA,
        Lang::Fi => &FI,
        Lang::En => &EN,
    }
}

#[macro_use]
mod admin;
#[macro_use]
mod breaches;
#[macro_use]
mod common;
#[macro_use]
mod erasure;
mod labels;
#[macro_use]
mod lists;
#[macro_use]
mod people;
#[macro_use]
mod requests;

/// Collects the rows of every area named in the list, then defines `Texts` from all of them.
macro_rules! gather_texts {
    ([] $($rows:tt)*) => { texts! { $($rows)* } };
    ([$area:ident $($rest:ident)*] $($rows:tt)*) => { $area! { gather_texts [$($rest)*] $($rows)* } };
}

gather_texts! {
    [common_texts breaches_texts requests_texts people_texts lists_texts erasure_texts admin_texts]
}

#[cfg(test)]
mod tests;
