//! The Content Security Policy for a deployment: computed from its
//! `config.json` and the built `index.html`, so there is one source of the
//! policy (the deploy and the tests both call this).

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::url::HttpUrl;

/// `'sha256-…'` sources for every inline `<script>` in `html`. The app's
/// own page has none (boot.js, an external file, starts it, and the build
/// refuses an inline script: landing/integrity.mjs), so its policy does not
/// change from build to build; another page built on the crate may add one.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else { break };
        let tag = &after[..open_end];
        let body_start = open_end + 1;
        let Some(close) = after[body_start..].find("</script>") else { break };
        let body = &after[body_start..body_start + close];
        if !tag.contains(" src=") {
            hashes.push(format!("'sha256-{}'", STANDARD.encode(Sha256::digest(body.as_bytes()))));
        }
        rest = &after[body_start + close + "</script>".len()..];
    }
    hashes
}

fn origin(url: &str) -> Option<String> {
    HttpUrl::parse(url).ok().map(|u| u.origin())
}

/// `url`'s origin and path as a CSP source that matches that path and
/// everything under it (a trailing `/`).
fn path_source(url: &str, path: &str) -> Option<String> {
    let u = HttpUrl::parse(url).ok()?;
    let path = format!("{}/{}", u.path.trim_end_matches('/'), path.trim_matches('/'));
    Some(format!("{}{}/", u.origin(), path.trim_end_matches('/')))
}

/// `Cross-Origin-Opener-Policy`: no other site's window keeps a handle on
/// ours (the app opens no popups and is opened by none).
pub const OPENER_POLICY: &str = "same-origin";

/// `Permissions-Policy`: every powerful feature the app never uses is off
/// for it and anything it could embed.
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), autoplay=(), bluetooth=(), browsing-topics=(), camera=(), \
display-capture=(), fullscreen=(), geolocation=(), gyroscope=(), hid=(), identity-credentials-get=(), \
idle-detection=(), magnetometer=(), microphone=(), midi=(), payment=(), screen-wake-lock=(), serial=(), usb=(), \
xr-spatial-tracking=()";

/// Every security header the app is served with besides the Content
/// Security Policy, as (name, value): the CloudFront template and the test
/// server both send exactly these.
pub const OTHER_HEADERS: [(&str, &str); 2] =
    [("Cross-Origin-Opener-Policy", OPENER_POLICY), ("Permissions-Policy", PERMISSIONS_POLICY)];

/// The policy: nothing by default; scripts from the app (and the inline
/// scripts of `script_hashes`, none for the app's own page), plus
/// `'wasm-unsafe-eval'` to compile the WebAssembly (never `'unsafe-eval'` or
/// `'unsafe-inline'`); network access only to the app,
/// the Cognito domain's `/oauth2/` endpoints, this pool's part of the issuer
/// host (discovery and JWKS live under `/POOL_ID/`; the regional host serves
/// every pool's public API, an attacker's included), the API and `extra`
/// origins (endpoints from discovery when there is no `domain`); no framing,
/// no `<base>`, no form posts.
pub fn policy(config: &Config, extra_connect: &[String], script_hashes: &[String], report_uri: Option<&str>) -> String {
    let mut connect = vec!["'self'".to_string()];
    let sources = [
        config.domain.as_deref().and_then(|d| path_source(d, "oauth2")),
        path_source(&config.issuer, ""),
        config.api_base_url.as_deref().and_then(origin),
    ];
    // Extra origins never widen the issuer host beyond this pool.
    let issuer_origin = origin(&config.issuer);
    let extra = extra_connect.iter().filter_map(|u| origin(u)).filter(|o| Some(o) != issuer_origin.as_ref());
    for o in sources.into_iter().flatten().chain(extra) {
        if !connect.contains(&o) {
            connect.push(o);
        }
    }
    let mut img = vec!["'self'".to_string(), "data:".to_string()];
    if let Some(logo) = config.logo_url.as_deref().and_then(origin) {
        img.push(logo);
    }
    let mut script = vec!["'self'".to_string(), "'wasm-unsafe-eval'".to_string()];
    script.extend(script_hashes.iter().cloned());
    let mut directives = vec![
        "default-src 'none'".to_string(),
        format!("script-src {}", script.join(" ")),
        format!("connect-src {}", connect.join(" ")),
        "style-src 'self'".to_string(),
        format!("img-src {}", img.join(" ")),
        "frame-ancestors 'none'".to_string(),
        "base-uri 'none'".to_string(),
        "form-action 'none'".to_string(),
    ];
    if let Some(uri) = report_uri {
        directives.push(format!("report-uri {uri}"));
    }
    directives.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::PageLocation;

    /// The production headers come from here: the CloudFront template must
    /// send each of them with exactly this value.
    #[test]
    fn the_template_sends_every_other_header() {
        let template = include_str!("../../deploy/template.yaml");
        for (name, value) in OTHER_HEADERS {
            let item = format!("- Header: {name}\n              Value: \"{value}\"\n              Override: true");
            assert!(template.contains(&item), "deploy/template.yaml lacks\n{item}");
        }
    }

    fn config(extra: &str) -> Config {
        let page = PageLocation { origin: "https://login.example.com".into(), base_path: "/".into() };
        Config::from_json(&format!(r#"{{"userPoolId":"us-east-1_A","clientId":"c"{extra}}}"#), &page).unwrap()
    }

    #[test]
    fn hashes_inline_scripts_only() {
        let html = r#"<head><script type="module">import init from '/a.js';</script>
            <script src="/b.js"></script><script>x()</script></head>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 2);
        let expected = STANDARD.encode(Sha256::digest(b"import init from '/a.js';"));
        assert_eq!(hashes[0], format!("'sha256-{expected}'"));
        assert!(inline_script_hashes("<p>no scripts</p>").is_empty());
    }

    #[test]
    fn strict_policy_with_the_configured_origins() {
        let c = config(
            r#","domain":"https://p.auth.us-east-1.amazoncognito.com","apiBaseUrl":"https://api.example.com/v1",
               "logoUrl":"https://cdn.example.com/logo.svg""#,
        );
        let p = policy(&c, &[], &["'sha256-abc'".into()], Some("/csp-report"));
        assert_eq!(
            p,
            "default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'sha256-abc'; \
             connect-src 'self' https://p.auth.us-east-1.amazoncognito.com/oauth2/ \
             https://cognito-idp.us-east-1.amazonaws.com/us-east-1_A/ https://api.example.com; style-src 'self'; img-src 'self' data: https://cdn.example.com; \
             frame-ancestors 'none'; base-uri 'none'; form-action 'none'; report-uri /csp-report"
        );
        assert!(!p.contains("unsafe-inline") && !p.contains("'unsafe-eval'"));
    }

    #[test]
    fn discovered_endpoints_are_added_once() {
        let c = config("");
        let p = policy(
            &c,
            &[
                "https://p.auth.us-east-1.amazoncognito.com/oauth2/token".into(),
                "https://cognito-idp.us-east-1.amazonaws.com/x".into(),
            ],
            &[],
            None,
        );
        assert!(p.contains(
            "connect-src 'self' https://cognito-idp.us-east-1.amazonaws.com/us-east-1_A/ \
             https://p.auth.us-east-1.amazoncognito.com;"
        ));
    }

    #[test]
    fn cognito_sources_are_scoped_to_this_pool_and_the_oauth2_endpoints() {
        // The regional host serves every pool's public API: only ours.
        let c = config(r#","domain":"https://login.example.com/""#);
        let p = policy(&c, &[], &[], None);
        assert!(
            p.contains("connect-src 'self' https://login.example.com/oauth2/ https://cognito-idp.us-east-1.amazonaws.com/us-east-1_A/;"),
            "{p}"
        );
        assert!(!p.contains("amazonaws.com ") && !p.contains("amazonaws.com;"), "{p}");
        assert_eq!(
            path_source("http://127.0.0.1:9230/us-east-1_Local0001", ""),
            Some("http://127.0.0.1:9230/us-east-1_Local0001/".into())
        );
    }
}
