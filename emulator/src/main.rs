//! `cognito-emulator`: runs a local Cognito user pool for development.
//!
//! With no arguments it starts the development defaults (see
//! `EmulatorConfig::dev_defaults`) and prints them with the matching
//! `config.json` for the app.

use std::process::ExitCode;

use cognito_emulator::{ClientConfig, Emulator, EmulatorConfig, IdentityProviderConfig, UserConfig};
use serde::Deserialize;

const USAGE: &str = "usage: cognito-emulator [--config FILE] [--domain-port N] [--issuer-port N] [--api-port N] [--admin-port N] [--write-config FILE]

Starts a local Amazon Cognito user pool emulator on 127.0.0.1 (loopback only).

  --config FILE        JSON file overriding the defaults: {\"poolId\": …, \"clients\": [ClientConfig…],
                       \"users\": [UserConfig…], \"identityProviders\": [IdentityProviderConfig…], \"domainPort\": …, \"issuerPort\": …, \"apiPort\": …, \"adminPort\": …}
                       (see emulator/README.md)
  --domain-port N      hosted UI and OAuth endpoints (default 9229)
  --issuer-port N      discovery and JWKS (default 9230)
  --api-port N         sample protected API (default 9231)
  --admin-port N       admin/control endpoint (default 9232)
  --write-config FILE  write the app's config.json for this emulator to FILE once listening
  --write-amplify-outputs FILE  the same as an Amplify Gen 2 amplify_outputs.json";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct FileConfig {
    pool_id: Option<String>,
    clients: Option<Vec<ClientConfig>>,
    users: Option<Vec<UserConfig>>,
    domain_port: Option<u16>,
    issuer_port: Option<u16>,
    api_port: Option<u16>,
    admin_port: Option<u16>,
    resource_servers: Option<Vec<String>>,
    identity_providers: Option<Vec<IdentityProviderConfig>>,
}

/// Where to write the app's configuration once listening.
#[derive(Default)]
struct Writes {
    config: Option<String>,
    amplify_outputs: Option<String>,
}

fn parse_args(args: Vec<String>) -> Result<(EmulatorConfig, Writes), String> {
    let mut config = EmulatorConfig::dev_defaults();
    let mut writes = Writes::default();
    let mut it = args.into_iter();
    while let Some(flag) = it.next() {
        if flag == "--help" || flag == "-h" {
            return Err(String::new());
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let port = || value.parse::<u16>().map_err(|_| format!("{flag}: {value:?} is not a port number"));
        match flag.as_str() {
            "--config" => {
                let text = std::fs::read_to_string(&value).map_err(|e| format!("cannot read {value}: {e}"))?;
                let file: FileConfig = serde_json::from_str(&text).map_err(|e| format!("{value}: {e}"))?;
                config.pool_id = file.pool_id.unwrap_or(config.pool_id);
                config.clients = file.clients.unwrap_or(config.clients);
                config.users = file.users.unwrap_or(config.users);
                config.domain_port = file.domain_port.unwrap_or(config.domain_port);
                config.issuer_port = file.issuer_port.unwrap_or(config.issuer_port);
                config.api_port = file.api_port.unwrap_or(config.api_port);
                config.admin_port = file.admin_port.unwrap_or(config.admin_port);
                config.resource_servers = file.resource_servers.or(config.resource_servers);
                config.identity_providers = file.identity_providers.unwrap_or(config.identity_providers);
            }
            "--domain-port" => config.domain_port = port()?,
            "--issuer-port" => config.issuer_port = port()?,
            "--api-port" => config.api_port = port()?,
            "--admin-port" => config.admin_port = port()?,
            "--write-config" => writes.config = Some(value),
            "--write-amplify-outputs" => writes.amplify_outputs = Some(value),
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok((config, writes))
}

#[tokio::main]
async fn main() -> ExitCode {
    let (config, writes) = match parse_args(std::env::args().skip(1).collect()) {
        Ok(parsed) => parsed,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("cognito-emulator: {message}\n");
            }
            eprintln!("{USAGE}");
            return if message.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) };
        }
    };
    let users = config.users.clone();
    let clients = config.clients.clone();
    let emulator = match Emulator::start(config).await {
        Ok(e) => e,
        Err(e) => {
            eprintln!("cognito-emulator: cannot listen: {e} (is another emulator already running? see --help for the port options)");
            return ExitCode::FAILURE;
        }
    };
    let o = emulator.origins();
    let app_config = serde_json::to_string_pretty(&emulator.app_config()).expect("JSON");
    println!("Cognito emulator running (loopback only)");
    println!("  pool:    {}", emulator.pool().pool_id);
    println!("  issuer:  {}", emulator.issuer());
    println!("  domain:  {}  (hosted UI and OAuth endpoints)", o.domain);
    println!("  api:     {}  (GET /me)", o.api);
    println!("  admin:   {}", o.admin);
    for c in &clients {
        println!("  client:  {} callbacks {:?} sign-out {:?}", c.client_id, c.callback_urls, c.logout_urls);
    }
    for u in &users {
        println!("  user:    {} / {} (groups {:?})", u.username, u.password, u.groups);
    }
    println!("config.json for the app:\n{app_config}");
    let amplify_outputs = serde_json::to_string_pretty(&emulator.amplify_outputs()).unwrap_or_default();
    for (path, text) in [(writes.config, app_config.to_string()), (writes.amplify_outputs, amplify_outputs)] {
        let Some(path) = path else { continue };
        if let Err(e) = std::fs::write(&path, format!("{text}\n")) {
            eprintln!("cognito-emulator: cannot write {path}: {e}");
            return ExitCode::FAILURE;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
    emulator.stop();
    ExitCode::SUCCESS
}
