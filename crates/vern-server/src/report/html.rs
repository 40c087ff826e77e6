//! The report as a printable HTML page, and the share link's status pages.

use askama::Template;
use time::OffsetDateTime;
use vern_core::zone::Zone;

use super::texts::{Texts, authority_of, language_name, texts};
use super::{AccessReport, RenderError};
use crate::lang::Lang;

/// Which page to render.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Page<'a> {
    /// The full report for staff to print or send: every section.
    Report,
    /// The data subject's share-link page: their data, the purposes, the controller, and links
    /// to download everything.
    Share {
        /// Link to the CSV download.
        csv_url: &'a str,
        /// Link to the JSON download.
        json_url: &'a str,
        /// When the link stops working.
        expires_at: OffsetDateTime,
    },
}

struct Downloads<'a> {
    csv_url: &'a str,
    json_url: &'a str,
}

struct HtmlSection {
    title: &'static str,
    columns: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

#[derive(Template)]
#[template(path = "access_report.html")]
struct AccessPage<'a> {
    t: &'static Texts,
    title: &'static str,
    intro: String,
    generated: String,
    valid_until: Option<String>,
    controller_name: &'a str,
    dpo: Vec<String>,
    privacy_notice_link: Option<&'a str>,
    privacy_notice_text: Option<&'a str>,
    downloads: Option<Downloads<'a>>,
    sections: Vec<HtmlSection>,
    authority: Option<String>,
}

#[derive(Template)]
#[template(path = "share_status.html")]
struct StatusPage {
    lang: &'static str,
    title: &'static str,
    text: &'static str,
}

/// What a share link turned out to be, when it shows no data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LinkStatus {
    /// No such link.
    NotFound,
    /// Expired or revoked.
    Gone,
    /// Too many failed attempts from the client's network.
    Limited,
    /// Something failed on our side.
    Error,
}

/// A plain page saying what became of a share link, with no data.
pub(crate) fn status_html(lang: Lang, status: LinkStatus) -> String {
    let t = texts(lang);
    let (title, text) = match status {
        LinkStatus::NotFound => (t.not_found_title, t.not_found_text),
        LinkStatus::Gone => (t.gone_title, t.gone_text),
        LinkStatus::Limited => (t.limited_title, t.limited_text),
        LinkStatus::Error => (t.error_title, t.error_text),
    };
    StatusPage {
        lang: t.code,
        title,
        text,
    }
    .render()
    .unwrap_or_else(|_| title.to_owned())
}

/// A time as the pages show it: on the controller's clock, named.
pub(crate) fn display_time(t: OffsetDateTime, zone: Zone) -> String {
    let t = zone.local(t);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} {}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        zone.name()
    )
}

fn display_opt(t: Option<OffsetDateTime>, zone: Zone) -> String {
    t.map(|t| display_time(t, zone)).unwrap_or_default()
}

pub(super) fn money(minor: i64, currency: &str, lang: Lang) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let a = minor.unsigned_abs();
    let sep = if lang == Lang::En { '.' } else { ',' };
    format!("{sign}{}{sep}{:02} {currency}", a / 100, a % 100)
}

/// The report as a printable HTML page in `lang`, its times on the clock of `zone` (the
/// controller's).
pub(crate) fn to_html(
    report: &AccessReport,
    lang: Lang,
    zone: Zone,
    page: Page<'_>,
) -> Result<String, RenderError> {
    let t = texts(lang);
    let full = matches!(page, Page::Report);
    let purpose_name = |key: &str| {
        report
            .purposes
            .iter()
            .find(|p| p.key == key)
            .map_or_else(|| key.to_owned(), |p| p.name.clone())
    };

    let mut sections = Vec::new();

    let p = &report.profile;
    let mut profile_rows = vec![vec![t.name.to_owned(), p.name.clone()]];
    if let Some(a) = &p.address {
        let mut text = [a.street.as_str(), &format!("{} {}", a.postal_code, a.city)]
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        if let Some(c) = &a.country {
            text = format!("{text}, {c}");
        }
        profile_rows.push(vec![t.address.to_owned(), text]);
    }
    if let Some(l) = &p.language {
        profile_rows.push(vec![t.language.to_owned(), language_name(l)]);
    }
    if !p.lists.is_empty() {
        profile_rows.push(vec![t.lists.to_owned(), p.lists.join(", ")]);
    }
    profile_rows.push(vec![
        t.registered.to_owned(),
        display_time(p.created_at, zone),
    ]);
    profile_rows.push(vec![t.updated.to_owned(), display_time(p.updated_at, zone)]);
    profile_rows.push(vec![t.restricted.to_owned(), t.yes_no(p.restricted)]);
    sections.push(HtmlSection {
        title: t.sec_profile,
        columns: vec![t.col_field, t.col_value],
        rows: profile_rows
            .into_iter()
            .filter(|r| !r[1].is_empty())
            .collect(),
    });

    sections.push(HtmlSection {
        title: t.sec_identifiers,
        columns: vec![t.col_type, t.col_value],
        rows: report
            .identifiers
            .iter()
            .map(|i| {
                let value = match &i.country {
                    Some(c) => format!("{} ({c})", i.value),
                    None => i.value.clone(),
                };
                vec![t.identifier_kind(&i.kind), value]
            })
            .collect(),
    });

    sections.push(HtmlSection {
        title: t.sec_custom_fields,
        columns: vec![t.col_field, t.col_value, t.col_purpose, t.col_legal_basis],
        rows: report
            .custom_fields
            .iter()
            .map(|f| {
                vec![
                    f.name.clone(),
                    f.value.clone(),
                    f.purpose_name.clone().unwrap_or_else(|| f.purpose.clone()),
                    f.legal_basis
                        .as_deref()
                        .map(|b| t.legal_basis(b))
                        .unwrap_or_default(),
                ]
            })
            .collect(),
    });

    sections.push(HtmlSection {
        title: t.sec_consents,
        columns: vec![t.col_purpose, t.col_channel, t.col_state, t.col_since],
        rows: report
            .consents
            .current
            .iter()
            .filter(|c| c.state != "unknown")
            .map(|c| {
                vec![
                    purpose_name(&c.purpose),
                    t.channel(&c.channel),
                    t.consent_state(&c.state),
                    display_opt(c.since, zone),
                ]
            })
            .collect(),
    });

    if full {
        sections.push(HtmlSection {
            title: t.sec_consent_history,
            columns: vec![
                t.col_when,
                t.col_purpose,
                t.col_channel,
                t.col_event,
                t.col_source,
                t.col_evidence,
            ],
            rows: report
                .consents
                .history
                .iter()
                .map(|c| {
                    let evidence = c
                        .evidence
                        .as_ref()
                        .map(|e| {
                            [&e.text, &e.by, &e.reference, &e.version, &e.ip]
                                .into_iter()
                                .flatten()
                                .cloned()
                                .collect::<Vec<_>>()
                                .join("; ")
                        })
                        .unwrap_or_default();
                    vec![
                        display_time(c.given_at, zone),
                        purpose_name(&c.purpose),
                        t.channel(&c.channel),
                        t.consent_state(&c.action),
                        c.source.clone(),
                        evidence,
                    ]
                })
                .collect(),
        });
        sections.push(HtmlSection {
            title: t.sec_suppressions,
            columns: vec![
                t.col_source,
                t.col_scope,
                t.col_identifier,
                t.col_channel,
                t.col_since,
                t.col_removed,
            ],
            rows: report
                .suppressions
                .iter()
                .map(|s| {
                    vec![
                        t.suppression_source(&s.source),
                        if s.scope == "all" {
                            t.scope_all.to_owned()
                        } else {
                            s.scope.clone()
                        },
                        s.identifier
                            .clone()
                            .unwrap_or_else(|| t.identifier_kind(&s.identifier_kind)),
                        s.channels
                            .iter()
                            .map(|c| t.channel(c))
                            .collect::<Vec<_>>()
                            .join(", "),
                        display_time(s.since, zone),
                        display_opt(s.removed_at, zone),
                    ]
                })
                .collect(),
        });
        sections.push(HtmlSection {
            title: t.sec_restrictions,
            columns: vec![t.col_from, t.col_to, t.col_reason],
            rows: report
                .restrictions
                .iter()
                .map(|r| {
                    vec![
                        display_time(r.placed_at, zone),
                        display_opt(r.lifted_at, zone),
                        r.reason.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
        });
    }

    sections.push(HtmlSection {
        title: t.sec_activities,
        columns: vec![t.col_when, t.col_type, t.col_channel, t.col_note],
        rows: report
            .activities
            .iter()
            .map(|a| {
                vec![
                    display_time(a.at, zone),
                    t.activity_kind(&a.kind),
                    a.channel
                        .as_deref()
                        .map(|c| t.channel(c))
                        .unwrap_or_default(),
                    a.note.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    });
    sections.push(HtmlSection {
        title: t.sec_deals,
        columns: vec![
            t.col_opened,
            t.col_description,
            t.col_amount,
            t.col_state,
            t.col_closed,
        ],
        rows: report
            .deals
            .iter()
            .map(|d| {
                vec![
                    display_time(d.opened_at, zone),
                    d.title.clone().unwrap_or_default(),
                    money(d.amount_minor, &d.currency, lang),
                    d.stage.clone(),
                    display_opt(d.closed_at, zone),
                ]
            })
            .collect(),
    });
    sections.push(HtmlSection {
        title: t.sec_todos,
        columns: vec![t.col_task, t.col_due, t.col_done],
        rows: report
            .todos
            .iter()
            .map(|x| {
                vec![
                    x.text.clone().unwrap_or_default(),
                    display_opt(x.due_at, zone),
                    display_opt(x.done_at, zone),
                ]
            })
            .collect(),
    });

    if full {
        sections.push(HtmlSection {
            title: t.sec_requests,
            columns: vec![
                t.col_request,
                t.col_state,
                t.col_received,
                t.col_due,
                t.col_closed,
            ],
            rows: report
                .requests
                .iter()
                .map(|r| {
                    vec![
                        format!("{} ({})", t.request_kind(&r.kind), r.article),
                        t.request_state(&r.state),
                        display_time(r.received_at, zone),
                        display_time(r.due_at, zone),
                        display_opt(r.closed_at, zone),
                    ]
                })
                .collect(),
        });
        sections.push(HtmlSection {
            title: t.sec_disclosures,
            columns: vec![t.col_when, t.col_event, t.col_who],
            rows: report
                .disclosures
                .iter()
                .map(|d| {
                    let mut event = t.disclosure_kind(&d.kind);
                    if let Some(f) = &d.format {
                        event = format!("{event} ({})", f.to_uppercase());
                    }
                    vec![display_time(d.at, zone), event, t.who(&d.actor)]
                })
                .collect(),
        });
    }

    sections.push(HtmlSection {
        title: t.sec_purposes,
        columns: vec![
            t.col_purpose,
            t.col_description,
            t.col_legal_basis,
            t.col_retention,
            t.col_recipients,
            t.col_data_source,
        ],
        rows: report
            .purposes
            .iter()
            .map(|p| {
                vec![
                    p.name.clone(),
                    p.description.clone(),
                    t.legal_basis(&p.legal_basis),
                    t.retention(p.retention.as_deref()),
                    p.recipients.join(", "),
                    p.data_source.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    });

    let c = &report.controller;
    let dpo: Vec<String> = [&c.dpo.name, &c.dpo.email, &c.dpo.phone]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .cloned()
        .collect();
    let notice = c
        .privacy_notice_url
        .as_deref()
        .filter(|u| !u.trim().is_empty());
    // Only web addresses become links; anything else is shown as text.
    let notice_is_link =
        notice.is_some_and(|u| u.starts_with("https://") || u.starts_with("http://"));
    let (title, valid_until, downloads) = match page {
        Page::Report => (t.report_title, None, None),
        Page::Share {
            csv_url,
            json_url,
            expires_at,
        } => (
            t.share_title,
            Some(
                t.valid_until
                    .replace("{time}", &display_time(expires_at, zone)),
            ),
            Some(Downloads { csv_url, json_url }),
        ),
    };
    let html = AccessPage {
        t,
        title,
        intro: t.intro.replace("{controller}", &c.name),
        generated: t
            .generated
            .replace("{time}", &display_time(report.generated_at, zone)),
        valid_until,
        controller_name: &c.name,
        dpo,
        privacy_notice_link: notice.filter(|_| notice_is_link),
        privacy_notice_text: notice.filter(|_| !notice_is_link),
        downloads,
        sections,
        authority: authority_of(c.country.as_deref())
            .map(|a| t.authority.replace("{authority}", a)),
    }
    .render()?;
    Ok(html)
}
