//! `UserStore`: a staff user signs in, changes their preferences and signs out.

use crate::harness::{Ctx, T0, on_each_backend};
use time::Duration;
use vern_core::Role;
use vern_store::store::UserStore;
use vern_store::user::NewUser;

#[tokio::test]
async fn a_user_signs_in_changes_preferences_and_signs_out() {
    on_each_backend(async |ctx: &Ctx| {
        let start = ctx.head().await;
        let input = NewUser {
            email: "Kim@Example.se".to_owned(),
            role: Role::PrivacyOfficer,
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".to_owned(),
            language: "sv".to_owned(),
            time_zone: "Europe/Stockholm".to_owned(),
        };
        let (user, _) = ctx.store.create_user(&ctx.actor, T0, &input).await.unwrap();
        assert_eq!(user.email, "kim@example.se", "normalized");
        assert_eq!(ctx.store.list_users().await.unwrap(), vec![user.clone()]);
        assert_eq!(ctx.store.get_user(&user.id).await.unwrap(), user);
        let (found, hash) = ctx
            .store
            .user_credentials("kim@example.se")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.id, user.id);
        assert_eq!(hash, input.password_hash);
        assert!(
            ctx.store
                .user_credentials("nobody@example.se")
                .await
                .unwrap()
                .is_none()
        );

        let (changed, _) = ctx
            .store
            .set_user_preferences(&ctx.actor, T0, &user.id, "fi", "Europe/Helsinki")
            .await
            .unwrap();
        assert_eq!(
            (changed.language.as_str(), changed.time_zone.as_str()),
            ("fi", "Europe/Helsinki")
        );
        // A language the UI does not speak changes nothing.
        assert!(
            ctx.store
                .set_user_preferences(&ctx.actor, T0, &user.id, "xx", "Europe/Helsinki")
                .await
                .is_err()
        );

        let token = [7u8; 32];
        let expires = T0 + Duration::hours(8);
        ctx.store
            .start_session(T0, &user.id, &token, &[9u8; 32], expires)
            .await
            .unwrap();
        let (session, who) = ctx.store.find_session(&token, T0).await.unwrap().unwrap();
        assert_eq!(
            (session.user_id.as_str(), who.id.as_str()),
            (&*user.id, &*user.id)
        );
        assert!(
            ctx.store
                .find_session(&token, expires + Duration::seconds(1))
                .await
                .unwrap()
                .is_none(),
            "expired"
        );
        let later = T0 + Duration::hours(7);
        ctx.store
            .touch_session(&token, later, later + Duration::hours(8))
            .await
            .unwrap();
        assert!(
            ctx.store
                .find_session(&token, expires + Duration::seconds(1))
                .await
                .unwrap()
                .is_some(),
            "moved"
        );
        ctx.store
            .end_session(&ctx.actor, later, &token)
            .await
            .unwrap();
        assert!(
            ctx.store
                .find_session(&token, later)
                .await
                .unwrap()
                .is_none()
        );

        assert_eq!(
            ctx.kinds_after(start).await,
            [
                "user.created",
                "user.preferences_changed",
                "session.started",
                "session.ended"
            ]
        );
        ctx.assert_chain_intact().await;
    })
    .await;
}
