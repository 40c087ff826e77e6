//! `ProcessorStore`: a processor agreement (GDPR Art. 28) is recorded with its document,
//! replaced keeping the document, refused for a purpose the controller does not have, linked
//! from a purpose; the Art. 30 record's settings are set; each write is one ledger entry.

use crate::harness::{Ctx, T0, on_each_backend};
use time::macros::date;
use vern_core::LegalBasis;
use vern_core::processor::{Transfer, TransferMechanism};
use vern_store::StoreError;
use vern_store::model::{AgreementDocument, ClientController, ProcessorFields, RecordSettings};
use vern_store::store::{ControllerStore, ProcessorStore};

fn fields(ctx: &Ctx, purposes: &[&str]) -> ProcessorFields {
    ProcessorFields {
        controller: ctx.controller,
        name: "Mailer AB".to_owned(),
        contact: "dpa@mailer.example".to_owned(),
        sub_processors: vec!["Hosting Oy".to_owned()],
        purposes: purposes.iter().map(|p| (*p).to_owned()).collect(),
        data_categories: vec!["e-mail addresses".to_owned()],
        signed_on: date!(2026 - 01 - 15),
        expires_on: Some(date!(2028 - 01 - 15)),
        review_on: None,
        transfer: Transfer {
            mechanism: TransferMechanism::StandardContractualClauses,
            country: Some("US".to_owned()),
            scc_version: Some("2021/914".to_owned()),
        },
        document_url: None,
        document: Some(AgreementDocument {
            name: "dpa.pdf".to_owned(),
            content_type: "application/pdf".to_owned(),
            bytes: b"%PDF signed".to_vec(),
        }),
    }
}

#[tokio::test]
async fn an_agreement_is_kept_replaced_and_named_by_a_purpose() {
    on_each_backend(async |ctx: &Ctx| {
        ctx.purpose("nyhetsbrev", LegalBasis::Consent, None, &[])
            .await;
        let start = ctx.head().await;
        let (created, _) = ctx
            .store
            .create_processor(&ctx.actor, T0, &fields(ctx, &["nyhetsbrev"]))
            .await
            .unwrap();
        assert_eq!(created.version, 1);
        assert_eq!(created.document.as_ref().unwrap().size, 11);
        assert_eq!(created.transfer.scc_version.as_deref(), Some("2021/914"));
        assert_eq!(
            ctx.store
                .list_processors(Some(ctx.controller))
                .await
                .unwrap(),
            vec![created.clone()]
        );

        // A purpose the controller does not have: nothing written.
        let before = ctx.head().await;
        assert!(matches!(
            ctx.store
                .create_processor(&ctx.actor, T0, &fields(ctx, &["nope"]))
                .await,
            Err(StoreError::Invalid(_))
        ));
        assert_eq!(ctx.head().await, before);

        // Replaced without a document: the stored one stays.
        let mut next = fields(ctx, &[]);
        next.document = None;
        next.contact = "privacy@mailer.example".to_owned();
        let (updated, _) = ctx
            .store
            .update_processor(&ctx.actor, T0, &created.id, &next)
            .await
            .unwrap();
        assert_eq!(updated.version, 2);
        assert_eq!(updated.contact, "privacy@mailer.example");
        let doc = ctx
            .store
            .processor_document(&created.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(doc.bytes, b"%PDF signed");
        assert!(matches!(
            ctx.store
                .update_processor(&ctx.actor, T0, "nope", &next)
                .await,
            Err(StoreError::NotFound)
        ));

        // A purpose names it; an id of no agreement is refused.
        let mut purpose = ctx
            .store
            .list_purposes(Some(ctx.controller))
            .await
            .unwrap()
            .remove(0);
        purpose.processors = vec!["nope".to_owned()];
        assert!(matches!(
            ctx.store
                .save_purpose(&ctx.actor, T0, &purpose, false)
                .await,
            Err(StoreError::Invalid(_))
        ));
        purpose.processors = vec![created.id.clone()];
        let (saved, _) = ctx
            .store
            .save_purpose(&ctx.actor, T0, &purpose, false)
            .await
            .unwrap();
        assert_eq!(saved.processors, vec![created.id.clone()]);

        let settings = RecordSettings {
            security_measures: Some("Locked racks.".to_owned()),
            clients: vec![ClientController {
                name: "Elbolaget AB".to_owned(),
                contact: String::new(),
                dpo: None,
                processing: vec!["telephone sales".to_owned()],
                transfers: Vec::new(),
            }],
        };
        ctx.store
            .set_record_settings(&ctx.actor, T0, ctx.controller, &settings)
            .await
            .unwrap();
        assert_eq!(
            ctx.store.record_settings(ctx.controller).await.unwrap(),
            settings
        );
        assert_eq!(
            ctx.kinds_after(start).await,
            [
                "processor.created",
                "processor.updated",
                "purpose.updated",
                "record_settings.set"
            ]
        );
        ctx.assert_chain_intact().await;
    })
    .await;
}
