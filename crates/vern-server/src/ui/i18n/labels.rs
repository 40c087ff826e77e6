//! The text for a domain value (a role, a request kind, a channel, a legal basis…) in the page's
//! language.

use vern_core::register::Register;
use vern_core::request::{RequestKind, RequestState};
use vern_core::{Channel, Role};

use super::Texts;

impl Texts {
    /// Where a person's data came from, as a form offers it.
    pub(crate) fn source_option(&self, source: vern_core::notice::Source) -> &'static str {
        use vern_core::notice::Source;
        match source {
            Source::Subject => self.source_opt_subject,
            Source::CustomerRelationship => self.source_opt_customer_relationship,
            Source::PurchasedList => self.source_opt_purchased_list,
            Source::PublicRegister => self.source_opt_public_register,
            Source::Referral => self.source_opt_referral,
        }
    }

    /// A role's name.
    pub(crate) fn role_name(&self, role: Role) -> &'static str {
        match role {
            Role::Admin => self.role_admin,
            Role::PrivacyOfficer => self.role_privacy_officer,
            Role::Seller => self.role_seller,
            Role::Marketer => self.role_marketer,
            Role::Auditor => self.role_auditor,
            Role::AuthorizedAgent => self.role_agent,
            Role::Gateway => self.role_gateway,
        }
    }

    /// The notice after an action named by `?done=`.
    pub(crate) fn done(&self, code: &str) -> Option<&'static str> {
        Some(match code {
            "assign" => self.done_assign,
            "send-code" => self.done_send_code,
            "verify" => self.done_verify,
            "extend" => self.done_extend,
            "complete" => self.done_complete,
            "reject" => self.done_reject,
            "note" => self.done_note,
            "consent" => self.done_consent,
            "objection" => self.done_objection,
            "restricted" => self.done_restricted,
            "lifted" => self.done_lifted,
            "art14_exempt" => self.done_art14_exempt,
            "share_link" => self.done_share_link,
            "wash" => self.done_wash,
            "blocked" => self.done_blocked,
            "unblocked" => self.done_unblocked,
            "settings" => self.done_settings,
            "erased" => self.done_erased,
            "anonymized" => self.done_anonymized,
            "created" => self.done_created,
            "corrected" => self.done_corrected,
            "corrected_no_address" => self.done_corrected_no_address,
            "unchanged" => self.done_unchanged,
            // Issue 20 §3.
            "registered" => self.done_registered,
            "restored" => self.done_restored,
            "retention" => self.done_retention,
            // Issue 20 §3: the admin's pages.
            "controller" => self.done_controller,
            "purpose" => self.done_purpose,
            "webhook" => self.done_webhook,
            "webhook_off" => self.done_webhook_off,
            _ => return None,
        })
    }

    /// An Art. 14(5) ground.
    pub(crate) fn art14_ground(&self, code: &str) -> &'static str {
        match code {
            "already_informed" => self.art14_already_informed,
            "disproportionate_effort" => self.art14_disproportionate_effort,
            "required_by_law" => self.art14_required_by_law,
            "professional_secrecy" => self.art14_professional_secrecy,
            _ => "?",
        }
    }

    /// A request kind.
    pub(crate) fn request_kind(&self, kind: RequestKind) -> &'static str {
        match kind {
            RequestKind::Access => self.kind_access,
            RequestKind::Rectification => self.kind_rectification,
            RequestKind::Erasure => self.kind_erasure,
            RequestKind::Restriction => self.kind_restriction,
            RequestKind::Objection => self.kind_objection,
            RequestKind::Portability => self.kind_portability,
            RequestKind::HumanReview => self.kind_human_review,
            RequestKind::Information => self.kind_information,
        }
    }

    /// A request state.
    pub(crate) fn request_state(&self, state: RequestState) -> &'static str {
        match state {
            RequestState::Received => self.state_received,
            RequestState::Verifying => self.state_verifying,
            RequestState::InProgress => self.state_in_progress,
            RequestState::Completed => self.state_completed,
            RequestState::Rejected => self.state_rejected,
        }
    }

    /// How a request arrived.
    pub(crate) fn received_via(&self, via: &str) -> &'static str {
        match via {
            "letter" => self.via_letter,
            "call" => self.via_call,
            "email" => self.via_email,
            "web_form" => self.via_web_form,
            "in_person" => self.via_in_person,
            "authorized_agent" => self.via_agent,
            _ => self.via_api,
        }
    }

    /// A step in a request's log.
    pub(crate) fn log_kind<'a>(&self, kind: &'a str) -> &'a str
    where
        'static: 'a,
    {
        match kind {
            "received" => self.ev_received,
            "verification_requested" => self.ev_verification_requested,
            "verified" => self.ev_verified,
            "extended" => self.ev_extended,
            "completed" => self.ev_completed,
            "rejected" => self.ev_rejected,
            "assigned" => self.ev_assigned,
            "note" => self.ev_note,
            "linked" => self.ev_linked,
            "flagged" | "due_soon" | "overdue" => self.ev_flagged,
            other => other,
        }
    }

    /// A message's delivery state.
    pub(crate) fn message_state(&self, state: &str) -> &'static str {
        match state {
            "sent" => self.msg_sent,
            "failed" => self.msg_failed,
            _ => self.msg_pending,
        }
    }

    /// A channel.
    pub(crate) fn channel_name(&self, channel: Channel) -> &'static str {
        match channel {
            Channel::Phone => self.ch_phone,
            Channel::Sms => self.ch_sms,
            Channel::Mms => self.ch_mms,
            Channel::Email => self.ch_email,
            Channel::Post => self.ch_post,
            Channel::Messaging => self.ch_messaging,
            Channel::InPerson => self.ch_in_person,
        }
    }

    /// A consent state (`granted`, `withdrawn`, `expired`, `unknown`).
    pub(crate) fn consent_state(&self, state: &str) -> &'static str {
        match state {
            "granted" => self.consent_granted,
            "withdrawn" => self.consent_withdrawn,
            "expired" => self.consent_expired,
            _ => self.consent_unknown,
        }
    }

    /// How a consent was collected.
    pub(crate) fn consent_source(&self, source: &str) -> &'static str {
        match source {
            "web_form" => self.src_web_form,
            "call" => self.src_call,
            "sms" => self.src_sms,
            "email" => self.src_email,
            "import" => self.src_import,
            "in_person" => self.src_in_person,
            "paper" => self.src_paper,
            _ => self.src_api,
        }
    }

    /// Where a suppression came from (`blocklist`, `objection:<source>`).
    pub(crate) fn suppression_source(&self, source: &str) -> &'static str {
        match source {
            "blocklist" => self.sup_blocklist,
            "objection:subject" => self.sup_subject,
            "objection:authorized_agent" => self.sup_agent,
            "objection:sms" => self.sup_sms,
            "objection:register" => self.sup_register,
            "objection:staff" => self.sup_staff,
            "objection:unsubscribe_link" => self.sup_unsubscribe,
            "objection:gpc" => self.sup_gpc,
            _ => self.sup_other,
        }
    }

    /// A breach's stage.
    pub(crate) fn breach_stage(&self, stage: vern_core::breach::Stage) -> &'static str {
        use vern_core::breach::Stage;
        match stage {
            Stage::Open => self.stage_open,
            Stage::Assessed => self.stage_assessed,
            Stage::AuthorityNotified => self.stage_authority_notified,
            Stage::PeopleNotified => self.stage_people_notified,
            Stage::Closed => self.stage_closed,
        }
    }

    /// A breach's assessed risk.
    pub(crate) fn breach_risk(&self, risk: Option<vern_core::breach::Risk>) -> &'static str {
        use vern_core::breach::Risk;
        match risk {
            None => self.risk_none,
            Some(Risk::Unlikely) => self.risk_unlikely,
            Some(Risk::Risk) => self.risk_risk,
            Some(Risk::High) => self.risk_high,
        }
    }

    /// A kind of identifier.
    pub(crate) fn identifier_kind(&self, kind: &str) -> &'static str {
        match kind {
            "phone" => self.phone,
            "email" => self.email,
            _ => self.national_id,
        }
    }

    /// A kind of activity.
    pub(crate) fn activity_kind(&self, kind: &str) -> &'static str {
        match kind {
            "call" => self.act_call,
            "sms" => self.act_sms,
            "email" => self.act_email,
            "meeting" => self.act_meeting,
            _ => self.act_note,
        }
    }

    /// Why contact is refused, by the decision's reason code; `fallback` (the decision's own
    /// English message) for a code this table does not know yet.
    pub(crate) fn reason_text(&self, code: &str, fallback: &str) -> String {
        let text = match code {
            "restricted" => self.r_restricted,
            "purpose.channel_not_declared" => self.r_purpose_channel,
            "identifier.missing" => self.r_identifier_missing,
            "objection.direct_marketing" => self.r_objection,
            "blocklist" => self.r_blocklist,
            "consent.missing" => self.r_consent_missing,
            "consent.withdrawn" => self.r_consent_withdrawn,
            "consent.expired" => self.r_consent_expired,
            "register.nix_telefon" => self.r_nix,
            "register.reservasjonsregisteret" => self.r_reservasjon,
            "register.robinsonlisten" => self.r_robinson,
            "register.stale" => self.r_stale,
            "quiet_hours" => self.r_quiet_hours,
            "dk_telemarketing_ban" => self.r_dk_ban,
            "identifier.unparseable" => self.r_unparseable,
            _ => return fallback.to_owned(),
        };
        text.to_owned()
    }

    /// A national register's own name (proper names, the same in every language).
    pub(crate) fn register_name(&self, register: Register) -> &'static str {
        match register {
            Register::NixTelefon => "NIX-Telefon",
            Register::Reservasjonsregisteret => "Reservasjonsregisteret",
            Register::Robinsonlisten => "Robinsonlisten",
        }
    }

    /// A register version's status.
    pub(crate) fn register_status(&self, status: &str) -> &'static str {
        match status {
            "in_force" => self.reg_in_force,
            "stale" => self.reg_stale,
            _ => self.reg_superseded,
        }
    }

    /// A legal basis (GDPR Art. 6(1)).
    pub(crate) fn legal_basis(&self, basis: &str) -> &'static str {
        match basis {
            "consent" => self.lb_consent,
            "contract" => self.lb_contract,
            "legal_obligation" => self.lb_legal_obligation,
            "vital_interests" => self.lb_vital_interests,
            "public_task" => self.lb_public_task,
            _ => self.lb_legitimate_interests,
        }
    }
}
