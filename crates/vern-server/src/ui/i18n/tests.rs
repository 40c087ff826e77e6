use super::*;

#[test]
fn every_language_has_its_code_and_differs_from_english() {
    for lang in Lang::ALL {
        let t = texts(lang);
        assert_eq!(t.code, lang.code());
        if lang != Lang::En {
            assert_ne!(t.sign_in, EN.sign_in, "{}", t.code);
            assert_ne!(t.do_not_contact_marketing, EN.do_not_contact_marketing);
        }
    }
    assert!(SV.ledger_intact.contains("{n}") && FI.ledger_broken.contains("{seq}"));
}
