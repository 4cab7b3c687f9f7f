//! The pool's configuration types: app clients, users, federated identity
//! providers, as in the emulator's `--config` file and the admin API.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// An app client, with the settings of Cognito's `UserPoolClientType` that
/// matter to a browser client.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct ClientConfig {
    /// The App client ID.
    pub client_id: String,
    /// Allowed callback URLs (compared exactly).
    pub callback_urls: Vec<String>,
    /// Allowed sign-out URLs (compared exactly).
    pub logout_urls: Vec<String>,
    /// `AllowedOAuthFlows`: `code` and/or `implicit`.
    pub allowed_flows: Vec<String>,
    /// `AllowedOAuthScopes`.
    pub allowed_scopes: Vec<String>,
    /// ID token lifetime in seconds. Cognito's minimum is 5 minutes; the
    /// emulator allows seconds so tests can watch tokens expire.
    pub id_token_validity: u64,
    /// Access token lifetime in seconds (same note).
    pub access_token_validity: u64,
    /// Refresh token lifetime in seconds (Cognito: 60 minutes to 10 years).
    pub refresh_token_validity: u64,
    /// `EnableTokenRevocation` (default true).
    pub enable_token_revocation: bool,
    /// `RefreshTokenRotation`: `None` = disabled (Cognito's default), or
    /// `Some(RetryGracePeriodSeconds)`.
    pub refresh_token_rotation: Option<u64>,
    /// What a refreshed ID token's `auth_time` says (docs/COGNITO.md "Refresh
    /// and rotation"): `kept` (the default, as AWS documents it) or `moves`
    /// (the time of the refresh, as real pools with rotation on do).
    pub auth_time_on_refresh: AuthTimeOnRefresh,
    /// What a requested scope the client does not have gets (docs/COGNITO.md
    /// "Scopes"): refused with `error=invalid_scope` (the default, as real
    /// pools have refused them), dropped (as AWS documents it), or Cognito's
    /// own error page.
    pub unsupported_scopes: UnsupportedScopes,
    /// The domain's UI: managed login (`true`, the default: `prompt` and
    /// `lang` work, `resource` can bind tokens) or the classic hosted UI
    /// (`false`: `prompt` and `lang` are ignored, `resource` fails the code
    /// exchange with `invalid_grant`), docs/COGNITO.md "Managed login".
    pub managed_login: bool,
}

/// What happens to a requested scope that is not enabled on the client.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum UnsupportedScopes {
    /// Silently dropped (documented: "ignored at runtime").
    Drop,
    /// `error=invalid_scope` on the redirect back to the app (observed on
    /// real pools; the default).
    #[default]
    Error,
    /// Cognito's own `/error` page; the user never gets back (observed).
    ErrorPage,
}

/// `auth_time` in refreshed tokens.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum AuthTimeOnRefresh {
    /// The original sign-in's time (documented).
    #[default]
    Kept,
    /// The refresh's time (observed on real pools with rotation on).
    Moves,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            client_id: String::new(),
            callback_urls: Vec::new(),
            logout_urls: Vec::new(),
            allowed_flows: vec!["code".into()],
            allowed_scopes: vec!["openid".into(), "email".into(), "profile".into(), "phone".into()],
            id_token_validity: 3600,
            access_token_validity: 3600,
            refresh_token_validity: 30 * 24 * 3600,
            enable_token_revocation: true,
            refresh_token_rotation: None,
            auth_time_on_refresh: AuthTimeOnRefresh::Kept,
            unsupported_scopes: UnsupportedScopes::Error,
            managed_login: true,
        }
    }
}

/// A user of the pool.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct UserConfig {
    /// The username users type on the login page.
    pub username: String,
    /// The password (for a `FORCE_CHANGE_PASSWORD` user: the temporary one).
    pub password: String,
    /// The `email` attribute (also where the emulator "emails" codes).
    pub email: String,
    /// Group names (`cognito:groups`).
    #[serde(default)]
    pub groups: Vec<String>,
    /// Custom attributes by name without the `custom:` prefix; the ID token
    /// carries each as `custom:NAME`, a string, as Cognito's does.
    #[serde(default)]
    pub custom_attributes: BTreeMap<String, String>,
    /// Cognito's `UserStatus`: `CONFIRMED` (the default),
    /// `FORCE_CHANGE_PASSWORD` (created by an administrator: a new password
    /// is set after the temporary one) or `UNCONFIRMED` (signed up, code not
    /// entered yet).
    #[serde(default)]
    pub status: UserStatus,
    /// `false`: disabled (`AdminDisableUser`): no sign-in, no refresh.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// A second factor after the password: `totp` or `sms`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa: Option<MfaKind>,
    /// The `phone_number` attribute: where SMS codes go (the username when
    /// absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// The TOTP secret (RFC 4648 base32) for `mfa: "totp"`; one is made up
    /// when absent. `Pool::totp_code` gives the current code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totp_secret: Option<String>,
}

fn yes() -> bool {
    true
}

impl Default for UserConfig {
    fn default() -> Self {
        UserConfig {
            username: String::new(),
            password: String::new(),
            email: String::new(),
            groups: Vec::new(),
            custom_attributes: BTreeMap::new(),
            status: UserStatus::Confirmed,
            enabled: true,
            mfa: None,
            phone_number: None,
            totp_secret: None,
        }
    }
}

/// Cognito's `UserStatusType` values the hosted UI reacts to.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum UserStatus {
    /// Can sign in.
    #[default]
    Confirmed,
    /// Signs in with a temporary password, then must set a new one.
    ForceChangePassword,
    /// Signed up; the emailed confirmation code was not entered yet.
    Unconfirmed,
}

/// The second factor of a user.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum MfaKind {
    /// An authenticator app (RFC 6238, SHA-1, 6 digits, 30 s).
    Totp,
    /// A code sent by SMS (the emulator's outbox).
    Sms,
}

/// A federated identity provider of the pool (Cognito's
/// `IdentityProviderType`): a social one (`Google`, `Facebook`,
/// `LoginWithAmazon`, `SignInWithApple`) or a company's `SAML`/`OIDC` one.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct IdentityProviderConfig {
    /// `ProviderName`, e.g. `Google` or `ExampleCorp`: the value of
    /// `identity_provider=` and the prefix of its users' usernames.
    pub name: String,
    /// `ProviderType`: `Google`, `Facebook`, `LoginWithAmazon`,
    /// `SignInWithApple`, `SAML` or `OIDC`.
    pub provider_type: String,
    /// `IdpIdentifiers` (SAML/OIDC), e.g. `example.com`: values of
    /// `idp_identifier=`.
    pub identifiers: Vec<String>,
    /// The `issuer` of its users' `identities` entries: the SAML metadata
    /// entity ID or the OIDC issuer; `null` for social providers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// The people the provider knows; its consent page lists them.
    pub users: Vec<FederatedUserConfig>,
    /// The next this-many sign-ins through it fail after consent with
    /// `error=invalid_request&error_description=…` (docs/COGNITO.md
    /// "Federated sign-in").
    pub fail_next_sign_ins: usize,
    /// The `error_description` of those failures; default "Timeout occurred
    /// in calling IdP token endpoint" (AWS's authorize endpoint reference).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_description: Option<String>,
}

/// A person a federated provider knows.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct FederatedUserConfig {
    /// The provider's ID for them (`sub` at Google, `NameID` in SAML); the
    /// pool user is `PROVIDERNAME_USERID`.
    pub user_id: String,
    /// Their email, mapped to the pool user's `email`.
    pub email: String,
    /// A native user a pre-sign-up trigger links this identity to
    /// (`AdminLinkProviderForUser`): the first sign-in fails once with
    /// "Already found an entry for username …", later ones sign in as that
    /// user (docs/COGNITO.md "Federated sign-in").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linked_to: Option<String>,
}

impl IdentityProviderConfig {
    /// A fake Google (a social provider) that knows
    /// `carol@gmail.com` (user ID `109876543210987654321`).
    pub fn google() -> Self {
        IdentityProviderConfig {
            name: "Google".into(),
            provider_type: "Google".into(),
            users: vec![FederatedUserConfig {
                user_id: "109876543210987654321".into(),
                email: "carol@gmail.com".into(),
                linked_to: None,
            }],
            ..IdentityProviderConfig::default()
        }
    }

    /// A fake company SAML provider, `ExampleCorp`, for the identifier
    /// `example.com`, that knows `dave@example.com`.
    pub fn example_corp() -> Self {
        IdentityProviderConfig {
            name: "ExampleCorp".into(),
            provider_type: "SAML".into(),
            identifiers: vec!["example.com".into()],
            issuer: Some("urn:example:corp:idp".into()),
            users: vec![FederatedUserConfig {
                user_id: "dave@example.com".into(),
                email: "dave@example.com".into(),
                linked_to: None,
            }],
            ..IdentityProviderConfig::default()
        }
    }
}
