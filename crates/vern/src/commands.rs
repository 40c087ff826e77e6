//! What each command does.

use anyhow::Context;
use std::process::ExitCode;
use std::sync::Arc;
use vern_core::{Country, Email, NationalId, PhoneNumber, Region, Role};
use vern_server::settings::{Environment, Layer, Settings};
use vern_store::{Actor, Store};

use crate::cli::{
    AuditCommand, BlocklistCommand, Cli, Command, IdentifierArg, KeysCommand, RegistersCommand,
    RetentionCommand, TrashCommand,
};

use std::io::Write as _;

/// Exit code for bad input (as opposed to a failure to run).
const INVALID: u8 = 2;

pub(crate) async fn run(cli: Cli) -> ExitCode {
    match dispatch(cli).await {
        Ok(code) => code,
        Err(e) => {
            // Not `eprintln!`, which panics when standard error is closed.
            let _ = writeln!(std::io::stderr(), "error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The settings from file, environment and flags; `command` holds the flags of the command
/// (`vern serve --listen …`), the global flags are added here.
fn settings(cli: &Cli, command: Layer) -> anyhow::Result<Settings> {
    let file = match &cli.global.config {
        Some(path) => Layer::from_file(path)?,
        None => Layer::default(),
    };
    let flags = Layer {
        database: cli.global.database.clone(),
        keyring: cli.global.keyring.clone(),
        master_key_file: cli.global.master_key_file.clone(),
        log: cli.global.log.clone(),
        ..command
    };
    Ok(Settings::resolve(
        file.over(flags),
        &Environment::from_process(),
    )?)
}

fn init_logging(settings: &Settings) {
    let filter = tracing_subscriber::EnvFilter::try_new(&settings.log)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    use std::io::IsTerminal;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        // A log line that cannot be written (the reader of standard error has gone) is
        // dropped. By default the subscriber reports that with `eprintln!`, which panics on the
        // same closed stream and took the server down with it.
        .log_internal_errors(false)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    if settings.log_json {
        builder.json().init();
    } else {
        builder.init();
    }
}

#[allow(clippy::print_stdout)] // commands answer on standard output
async fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    match &cli.command {
        Command::Normalize {
            kind,
            value,
            region,
        } => return Ok(normalize(*kind, value, region.as_deref(), &cli)),
        Command::Serve {
            listen,
            http_threads,
        } => {
            let flags = Layer {
                listen: *listen,
                http_threads: *http_threads,
                ..Layer::default()
            };
            let settings = settings(&cli, flags)?;
            init_logging(&settings);
            return serve(settings).await.map(|()| ExitCode::SUCCESS);
        }
        _ => {}
    }
    let settings = settings(&cli, Layer::default())?;
    let store = vern_server::open_store(&settings).await?;
    let now = settings.clock.now();
    let code = match &cli.command {
        Command::Migrate => {
            println!("database schema is up to date");
            ExitCode::SUCCESS
        }
        Command::Keys {
            command: KeysCommand::Create { role, name },
        } => {
            let Ok(role) = role.parse::<Role>() else {
                eprintln!(
                    "error: unknown role {role:?}: expected one of admin, privacy_officer, seller, marketer, auditor, authorized_agent"
                );
                return Ok(ExitCode::from(INVALID));
            };
            let (key, secret) = store.create_api_key(&Actor::Cli, now, name, role).await?;
            println!(
                "created API key {} ({}, role {})",
                key.id, key.name, key.role
            );
            println!("store the key now: it is not shown again");
            println!("{secret}");
            ExitCode::SUCCESS
        }
        Command::Keys {
            command: KeysCommand::List,
        } => {
            println!(
                "{:<36}  {:<16}  {:<12}  {:<25}  status",
                "id", "role", "prefix", "created"
            );
            for key in store.list_api_keys().await? {
                let status = match key.revoked_at {
                    Some(at) => format!("revoked {}", rfc3339(at)),
                    None => "active".to_owned(),
                };
                println!(
                    "{:<36}  {:<16}  {:<12}  {:<25}  {status}  {}",
                    key.id,
                    key.role,
                    key.prefix,
                    rfc3339(key.created_at),
                    key.name
                );
            }
            ExitCode::SUCCESS
        }
        Command::Keys {
            command: KeysCommand::Revoke { id },
        } => {
            let key = store.revoke_api_key(&Actor::Cli, now, id).await?;
            println!("revoked API key {} ({})", key.id, key.name);
            ExitCode::SUCCESS
        }
        Command::Wash(args) => crate::wash_cmd::wash(&store, &settings, args).await?,
        Command::Registers {
            command:
                RegistersCommand::Import {
                    register,
                    file,
                    version_date,
                },
        } => crate::wash_cmd::import_register(&store, now, register, file, version_date).await?,
        Command::Registers {
            command: RegistersCommand::List,
        } => crate::wash_cmd::list_registers(&store, now).await?,
        Command::Trash {
            command: TrashCommand::Purge { all },
        } => {
            let days = if *all {
                0
            } else {
                settings.erasure.recycle_days
            };
            let (purged, released) = vern_server::erasure::purge_due(&store, now, days).await?;
            println!("purged from the recycle bin: {purged}");
            println!("released from legal holds:   {released}");
            ExitCode::SUCCESS
        }
        Command::Trash {
            command: TrashCommand::List,
        } => {
            for t in store.list_trash().await? {
                let held = if t.held { "legal hold" } else { "restorable" };
                println!(
                    "{}  {}  {held}  {}",
                    t.id,
                    rfc3339(t.erased_at),
                    t.reason.unwrap_or_default()
                );
            }
            ExitCode::SUCCESS
        }
        Command::Retention {
            command: RetentionCommand::Run { dry_run },
        } => {
            let summary =
                vern_server::erasure::run_retention(&store, now, &settings.erasure, *dry_run)
                    .await?;
            let verb = if *dry_run { "would be" } else { "were" };
            println!(
                "retention run{}",
                if *dry_run {
                    " (dry run: nothing changed)"
                } else {
                    ""
                }
            );
            println!(
                "inactive people who {verb} erased: {}",
                summary.inactive.len()
            );
            for id in summary.inactive.iter().take(50) {
                println!("  {id}");
            }
            println!(
                "people with no purpose left who {verb} erased: {}",
                summary.no_purpose.len()
            );
            for id in summary.no_purpose.iter().take(50) {
                println!("  {id}");
            }
            println!(
                "fields of ended purposes that {verb} purged: {}",
                summary.fields_purged
            );
            println!("people who {verb} told:            {}", summary.notices);
            println!("messages that {verb} deleted:      {}", summary.messages);
            println!("people who {verb} purged:          {}", summary.purged);
            println!(
                "legal holds that {verb} released:  {}",
                summary.holds_released
            );
            ExitCode::SUCCESS
        }
        Command::Blocklist {
            command:
                BlocklistCommand::Import {
                    file,
                    reason,
                    region,
                },
        } => crate::import::blocklist(&store, now, file, reason, region.as_deref()).await?,
        Command::Users { command } => crate::users::run(&store, now, command).await?,
        Command::Audit {
            command: AuditCommand::Verify,
        } => {
            let result = store.verify_ledger().await?;
            match result.broken {
                None => {
                    println!("ledger intact: {} entries checked", result.checked);
                    ExitCode::SUCCESS
                }
                Some(b) => {
                    println!(
                        "ledger broken at entry {}: {} ({} entries before it verified)",
                        b.seq, b.problem, result.checked
                    );
                    ExitCode::FAILURE
                }
            }
        }
        Command::Serve { .. } | Command::Normalize { .. } => ExitCode::SUCCESS,
    };
    store.close().await;
    Ok(code)
}

fn rfc3339(at: time::OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    if settings.clock.is_test_clock() {
        tracing::warn!(now = %rfc3339(settings.clock.now()), "TEST CLOCK IN USE (VERN_TEST_NOW): never run production like this");
    }
    let store = vern_server::open_store(&settings).await?;
    let store: Arc<dyn Store> = Arc::new(store);
    let built = vern_server::build_app(&settings, store).await?;
    let listener = tokio::net::TcpListener::bind(settings.listen)
        .await
        .with_context(|| format!("cannot listen on {}", settings.listen))?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, database = ?settings.location.dialect, "vern is listening");
    vern_server::serve(built, &settings, listener, shutdown_signal()).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
fn normalize(kind: IdentifierArg, value: &str, region: Option<&str>, cli: &Cli) -> ExitCode {
    let fail = |message: String| {
        eprintln!("error: {message}");
        ExitCode::from(INVALID)
    };
    match kind {
        IdentifierArg::Phone => {
            let region = match region.map(str::parse::<Region>).transpose() {
                Ok(r) => r,
                Err(e) => return fail(format!("--region: {e}")),
            };
            match PhoneNumber::parse(value, region) {
                Ok(p) => {
                    println!("{}", p.e164());
                    ExitCode::SUCCESS
                }
                Err(e) => fail(format!("not a valid phone number: {e}")),
            }
        }
        IdentifierArg::Email => match Email::parse(value) {
            Ok(e) => {
                println!("{}", e.as_str());
                ExitCode::SUCCESS
            }
            Err(e) => fail(format!("not a valid e-mail address: {e}")),
        },
        IdentifierArg::NationalId => {
            let country = match region.map(str::parse::<Country>).transpose() {
                Ok(c) => c,
                Err(e) => return fail(format!("--region: {e}")),
            };
            let today = match settings(cli, Layer::default()) {
                Ok(s) => s.clock.now().date(),
                Err(e) => return fail(e.to_string()),
            };
            match NationalId::parse(value, country, today) {
                Ok(id) => {
                    println!("{} {} {}", id.as_str(), id.country(), id.kind().code());
                    ExitCode::SUCCESS
                }
                Err(e) => fail(format!("not a valid national identity number: {e}")),
            }
        }
    }
}
