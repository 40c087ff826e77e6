//! `RequestStore`: a request from a data subject (Art. 12 to 22) is received, verified with a
//! one-time code, noted and completed; a late one is flagged (Art. 12(3): one month).

use crate::harness::{Ctx, T0, message, on_each_backend};
use time::Duration;
use vern_core::request::{RequestKind, RequestState};
use vern_store::StoreError;
use vern_store::model::{RequestAction, RequestDetails, RequestFilter, RequestInput};
use vern_store::store::{OutboxStore, RequestStore};

#[tokio::test]
async fn a_request_is_verified_with_a_code_completed_and_a_late_one_flagged() {
    on_each_backend(async |ctx: &Ctx| {
        let start = ctx.head().await;
        let (_, digest) = ctx.phone("+46701234567");
        let input = RequestInput {
            controller: ctx.controller,
            kind: RequestKind::Access,
            person: None,
            digests: vec![digest],
            received_via: "web".to_owned(),
            received_at: T0,
            details: RequestDetails {
                phone: Some("+46701234567".to_owned()),
                message: Some("What do you hold about me?".to_owned()),
                ..RequestDetails::default()
            },
            agent_key: None,
            language: Some("en".to_owned()),
            verified_by: None,
        };
        let (request, _) = ctx
            .store
            .create_request(&ctx.actor, T0, &input, &[message("acknowledgement")])
            .await
            .unwrap();
        assert_eq!(request.state, RequestState::Received);
        let got = ctx.store.get_request(&request.id).await.unwrap();
        assert_eq!(
            got.details.unwrap().message,
            input.details.message,
            "opened"
        );
        assert_eq!(
            ctx.store.requests_with_digests(&[digest]).await.unwrap(),
            vec![request.id.clone()]
        );

        let messages = ctx.store.request_messages(&request.id).await.unwrap();
        assert_eq!(messages.len(), 1);
        assert_eq!(messages[0].request_id.as_deref(), Some(&*request.id));

        let code = [5u8; 32];
        let ask = RequestAction::AskVerification {
            code_hash: code,
            channel: "sms".to_owned(),
            expires_at: T0 + Duration::minutes(15),
        };
        ctx.store
            .advance_request(&ctx.actor, T0, &request.id, &ask, &[])
            .await
            .unwrap();
        assert!(
            !ctx.store
                .check_request_code(&request.id, &[6u8; 32], T0)
                .await
                .unwrap()
        );
        assert!(
            ctx.store
                .check_request_code(&request.id, &code, T0)
                .await
                .unwrap()
        );
        let later = T0 + Duration::minutes(16);
        assert!(
            matches!(
                ctx.store
                    .check_request_code(&request.id, &code, later)
                    .await,
                Err(StoreError::Conflict(_))
            ),
            "expired"
        );
        for action in [
            RequestAction::Verified {
                method: "sms_code".to_owned(),
            },
            RequestAction::Note {
                text: "Report sent by post".to_owned(),
            },
            RequestAction::Complete {
                outcome: "report sent".to_owned(),
                decision: None,
            },
        ] {
            ctx.store
                .advance_request(&ctx.actor, T0, &request.id, &action, &[])
                .await
                .unwrap();
        }
        let done = ctx.store.get_request(&request.id).await.unwrap();
        assert_eq!(done.state, RequestState::Completed);
        let log = ctx.store.request_log(&request.id).await.unwrap();
        assert!(
            log.iter()
                .any(|e| e.text.as_deref() == Some("Report sent by post"))
        );
        // A completed request takes no more steps, and nothing is written.
        let before = ctx.head().await;
        let again = RequestAction::Reject {
            reason: "late".to_owned(),
        };
        assert!(
            ctx.store
                .advance_request(&ctx.actor, T0, &request.id, &again, &[])
                .await
                .is_err()
        );
        assert_eq!(ctx.head().await, before);

        let late = RequestInput {
            kind: RequestKind::Erasure,
            digests: Vec::new(),
            ..input
        };
        let (late, _) = ctx
            .store
            .create_request(&ctx.actor, T0, &late, &[])
            .await
            .unwrap();
        let (_, overdue, changed) = ctx
            .store
            .flag_deadlines(&ctx.actor, T0 + Duration::days(40), Duration::days(5))
            .await
            .unwrap();
        assert_eq!((overdue, changed), (1, 1));
        let open = RequestFilter {
            state: Some(RequestState::Received),
            limit: 10,
            ..RequestFilter::default()
        };
        let inbox = ctx.store.list_requests(&open).await.unwrap();
        assert_eq!(inbox.len(), 1);
        assert_eq!(inbox[0].id, late.id);
        assert_eq!(inbox[0].flag, "overdue");

        assert_eq!(
            ctx.kinds_after(start).await,
            [
                "request.received",
                "message.queued",
                "request.verification_requested",
                "request.verified",
                "request.noted",
                "request.completed",
                "request.received",
                "request.flagged"
            ]
        );
        ctx.assert_chain_intact().await;
    })
    .await;
}
