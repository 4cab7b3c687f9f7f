//! How the emulator is told to misbehave: token-endpoint faults and the
//! conformance modes of issued tokens.

use serde::{Deserialize, Serialize};

/// How the next token calls fail.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum TokenFault {
    /// Answer `500 {"error":"server_error"}`.
    Status500,
    /// Answer `400 {"error":ERROR}`, e.g. `invalid_grant`.
    Error { error: String },
    /// Wait this many seconds, then answer normally.
    Hang { seconds: f64 },
    /// Close the connection without an answer.
    Drop,
    /// Wait this many seconds, then close the connection without an answer:
    /// a connection lost while the request was out.
    HangThenDrop { seconds: f64 },
    /// Answer `429` with a JSON body that is not an OAuth error (the shape of
    /// a throttled `/oauth2/token` answer is undocumented: docs/COGNITO.md
    /// "Throttling and middleboxes").
    TooManyRequests,
    /// Answer `403` with an HTML page, as a web application firewall in front
    /// of a custom domain does.
    ForbiddenHtml,
    /// Answer `200` with an HTML page, as a captive portal does.
    OkHtml,
    /// Answer `400` with `{"__type":"TooManyRequestsException","message":
    /// "Rate exceeded"}`: how Cognito's API throttles
    /// (`aws-amplify/amplify-js#6767`); unconfirmed for `/oauth2/token`.
    TooManyRequestsException,
    /// Answer `403` with `{"message":"Forbidden"}`, as AWS WAF in front of an
    /// API Gateway or CloudFront answers a blocked request.
    ForbiddenJson,
}

/// How issued tokens are deliberately wrong: the hostile or broken provider
/// cases of the OpenID RP conformance suite (the module each one mirrors is
/// named). See `conformance.rs`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum TokenMode {
    /// Sign tokens with a key that is not in the JWKS (its `kid` is
    /// unknown even after a refetch).
    UnpublishedKey,
    /// `oidcc-client-test-invalid-iss`.
    WrongIssuer,
    /// `oidcc-client-test-invalid-aud`.
    WrongAudience,
    /// `oidcc-client-test-invalid-sig-rs256`.
    BadSignature,
    /// `oidcc-client-test-idtoken-sig-none`.
    AlgNone,
    /// `oidcc-client-test-invalid-sig-hs256`: HS256 keyed with the public key.
    Hs256WithPublicKey,
    /// `oidcc-client-test-kid-absent-single-jwks`: no `kid`, one key published.
    KidAbsentSingleKey,
    /// `oidcc-client-test-kid-absent-multiple-jwks`: no `kid`, two keys.
    KidAbsentMultipleKeys,
    /// `oidcc-client-test-missing-iat`.
    MissingIat,
    /// `iat` two hours in the future.
    IatInFuture,
    /// Issued 400 s ago, expired 340 s ago (`oidcc-client-test-expired`
    /// with a recent `iat`).
    Expired,
    /// Both tokens' `iat` ten minutes in the past, `exp` as usual: valid.
    IssuedTenMinutesAgo,
    /// `oidcc-client-test-missing-sub`.
    MissingSub,
    /// `oidcc-client-test-nonce-invalid`.
    WrongNonce,
    /// No `nonce` although one was sent.
    MissingNonce,
    /// `at_hash` of another access token.
    WrongAtHash,
    /// `token_use: "access"` in the ID token.
    IdTokenUseAccess,
    /// The access token's `client_id` is another app's.
    AccessTokenOtherClient,
    /// The token response has no `id_token`.
    MissingIdToken,
    /// The token response says `token_type: "mac"`.
    TokenTypeNotBearer,
    /// `oidcc-client-test-refresh-token-invalid-sub`: a refreshed ID token
    /// for another user.
    RefreshOtherSub,
    /// The authorization response echoes another `state`.
    WrongState,
}
