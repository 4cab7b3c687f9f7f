//! A small, strict parser for the absolute `http(s)` URLs that appear in the
//! configuration and in provider metadata.
//!
//! Why not the `url` crate: it pulls in IDNA tables that would roughly double
//! the size of the login page's WebAssembly, and we only need to *check* URLs
//! an operator typed (and split off their origin), not to normalise arbitrary
//! ones. Anything unusual (credentials, whitespace, other schemes) is refused
//! rather than interpreted.

use std::fmt;

/// Why a string is not an acceptable absolute URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UrlError {
    /// The text does not start with `http://` or `https://`.
    #[error("not an absolute http(s) URL")]
    NotAbsolute,
    /// Spaces or control characters inside the URL.
    #[error("spaces or control characters")]
    Whitespace,
    /// `https://user:pass@host` forms.
    #[error("user name or password in the URL")]
    Credentials,
    /// Nothing between `//` and the path.
    #[error("no host")]
    MissingHost,
    /// Characters that cannot appear in a host name.
    #[error("invalid host")]
    InvalidHost,
    /// A port that is not a number from 1 to 65535.
    #[error("invalid port")]
    InvalidPort,
}

/// An absolute `http` or `https` URL, split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpUrl {
    /// `http` or `https`, lower case.
    pub scheme: String,
    /// Host name or IP literal (IPv6 with its brackets), lower case.
    pub host: String,
    /// Explicit port, if one was written.
    pub port: Option<u16>,
    /// The path, starting with `/`, or empty.
    pub path: String,
    /// The query without its `?`, if present.
    pub query: Option<String>,
    /// The fragment without its `#`, if present.
    pub fragment: Option<String>,
}

impl HttpUrl {
    /// Parses `text` as an absolute http(s) URL.
    pub fn parse(text: &str) -> Result<Self, UrlError> {
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(UrlError::Whitespace);
        }
        let (scheme, rest) = text.split_once("://").ok_or(UrlError::NotAbsolute)?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(UrlError::NotAbsolute);
        }
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(authority_end);
        if authority.contains('@') {
            return Err(UrlError::Credentials);
        }
        let (host, port) = split_host_port(authority)?;
        let (before_fragment, fragment) = match tail.split_once('#') {
            Some((a, f)) => (a, Some(f.to_string())),
            None => (tail, None),
        };
        let (path, query) = match before_fragment.split_once('?') {
            Some((p, q)) => (p, Some(q.to_string())),
            None => (before_fragment, None),
        };
        Ok(HttpUrl { scheme, host, port, path: path.to_string(), query, fragment })
    }

    /// `scheme://host[:port]`, the web origin of this URL.
    pub fn origin(&self) -> String {
        match self.port {
            Some(port) => format!("{}://{}:{}", self.scheme, self.host, port),
            None => format!("{}://{}", self.scheme, self.host),
        }
    }

    /// True for exactly `localhost` and the loopback IP addresses
    /// (`127.0.0.0/8` in dotted decimal, `[::1]`), where plain `http` is
    /// acceptable (Cognito allows `http://localhost` callbacks for testing:
    /// docs/COGNITO.md "Plain http"). The host is parsed as an address, never
    /// matched by prefix: `127.evil.example` is a name anyone can register.
    pub fn is_loopback(&self) -> bool {
        let host = self.host.to_ascii_lowercase();
        if host == "localhost" {
            return true;
        }
        match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
            Some(v6) => is_ipv6_loopback(v6),
            None => is_ipv4_loopback(&host),
        }
    }

    /// True when the URL may carry credentials or tokens: `https`, or `http`
    /// to a loopback host (development only).
    pub fn is_secure_or_loopback(&self) -> bool {
        self.scheme == "https" || self.is_loopback()
    }
}

impl fmt::Display for HttpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.origin(), self.path)?;
        if let Some(q) = &self.query {
            write!(f, "?{q}")?;
        }
        if let Some(frag) = &self.fragment {
            write!(f, "#{frag}")?;
        }
        Ok(())
    }
}

/// `127.x.y.z` in strict dotted decimal (no leading zeros, no hex, no
/// shortened forms): a small parser instead of `std::net`'s, which costs
/// kilobytes of WebAssembly.
fn is_ipv4_loopback(host: &str) -> bool {
    let parts: Vec<&str> = host.split('.').collect();
    let octet = |p: &&str| {
        !p.is_empty()
            && p.len() <= 3
            && p.bytes().all(|b| b.is_ascii_digit())
            && (p.len() == 1 || !p.starts_with('0'))
            && p.parse::<u16>().is_ok_and(|n| n <= 255)
    };
    parts.len() == 4 && parts[0] == "127" && parts.iter().all(octet)
}

/// `::1` in any spelling (`0:0:0:0:0:0:0:1`, `::0:1`, …).
fn is_ipv6_loopback(addr: &str) -> bool {
    fn groups(text: &str) -> Option<Vec<u16>> {
        if text.is_empty() {
            return Some(Vec::new());
        }
        text.split(':')
            .map(|g| {
                let hex = !g.is_empty() && g.len() <= 4 && g.bytes().all(|b| b.is_ascii_hexdigit());
                hex.then(|| u16::from_str_radix(g, 16).ok()).flatten()
            })
            .collect()
    }
    let all = match addr.split_once("::") {
        None => groups(addr).filter(|g| g.len() == 8),
        Some((head, tail)) => match (groups(head), groups(tail)) {
            (Some(mut h), Some(t)) if h.len() + t.len() <= 7 => {
                h.resize(8 - t.len(), 0);
                h.extend(t);
                Some(h)
            }
            _ => None,
        },
    };
    all.is_some_and(|g| g[..7].iter().all(|x| *x == 0) && g[7] == 1)
}

fn split_host_port(authority: &str) -> Result<(String, Option<u16>), UrlError> {
    if authority.is_empty() {
        return Err(UrlError::MissingHost);
    }
    let (host, port) = if let Some(stripped) = authority.strip_prefix('[') {
        let end = stripped.find(']').ok_or(UrlError::InvalidHost)?;
        let inside = &stripped[..end];
        if inside.is_empty() || !inside.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.') {
            return Err(UrlError::InvalidHost);
        }
        let after = &stripped[end + 1..];
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':').ok_or(UrlError::InvalidPort)?),
        };
        (format!("[{}]", inside.to_ascii_lowercase()), port)
    } else {
        let (h, p) = match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        };
        if h.is_empty() {
            return Err(UrlError::MissingHost);
        }
        let valid_label = |l: &str| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        };
        let trimmed = h.strip_suffix('.').unwrap_or(h);
        if !trimmed.split('.').all(valid_label) {
            return Err(UrlError::InvalidHost);
        }
        (h.to_ascii_lowercase(), p)
    };
    let port = match port {
        None => None,
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n > 0 && p.chars().all(|c| c.is_ascii_digit()) => Some(n),
            _ => return Err(UrlError::InvalidPort),
        },
    };
    Ok((host, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_parts() {
        let u = HttpUrl::parse("HTTPS://Example.COM:8443/a/b?x=1#frag").unwrap();
        assert_eq!(u.scheme, "https");
        assert_eq!(u.host, "example.com");
        assert_eq!(u.port, Some(8443));
        assert_eq!(u.path, "/a/b");
        assert_eq!(u.query.as_deref(), Some("x=1"));
        assert_eq!(u.fragment.as_deref(), Some("frag"));
        assert_eq!(u.origin(), "https://example.com:8443");
        assert_eq!(u.to_string(), "https://example.com:8443/a/b?x=1#frag");
    }

    #[test]
    fn host_only() {
        let u = HttpUrl::parse("https://auth.example.com").unwrap();
        assert_eq!(u.path, "");
        assert_eq!(u.port, None);
        assert!(!u.is_loopback());
    }

    #[test]
    fn loopback_hosts() {
        for s in ["http://localhost:8585/callback", "http://127.0.0.1:9229", "http://[::1]:80/"] {
            let u = HttpUrl::parse(s).unwrap();
            assert!(u.is_loopback(), "{s}");
            assert!(u.is_secure_or_loopback(), "{s}");
        }
        assert!(!HttpUrl::parse("http://example.com").unwrap().is_secure_or_loopback());
        assert!(HttpUrl::parse("http://127.1.2.3").unwrap().is_loopback());
        assert!(HttpUrl::parse("http://127.255.0.9").unwrap().is_loopback());
        assert!(HttpUrl::parse("http://[0:0:0:0:0:0:0:1]").unwrap().is_loopback());
        assert!(HttpUrl::parse("http://[::0:1]").unwrap().is_loopback());
        assert!(HttpUrl::parse("http://LOCALHOST:1").unwrap().is_loopback());
    }

    #[test]
    fn names_that_only_look_like_loopback_are_not() {
        for s in [
            "http://127.evil.example",
            "http://127.0.0.1.nip.io",
            "http://localhost.evil",
            "http://evil.localhost",
            "http://0x7f.1",
            "http://2130706433",
            "http://127.1",
            "http://[::2]",
            "http://[::ffff:8.8.8.8]",
            "http://128.0.0.1",
            "http://127.0.0.256",
            "http://127.0.0.01",
            "http://127.0.0.1.",
            "http://[::1:1]",
            "http://[1::1]",
            "http://[::]",
            "http://[:::1]",
        ] {
            let u = HttpUrl::parse(s).unwrap();
            assert!(!u.is_loopback(), "{s}");
            assert!(!u.is_secure_or_loopback(), "{s}");
        }
    }

    #[test]
    fn rejects_bad_urls() {
        assert_eq!(HttpUrl::parse("example.com"), Err(UrlError::NotAbsolute));
        assert_eq!(HttpUrl::parse("ftp://example.com"), Err(UrlError::NotAbsolute));
        assert_eq!(HttpUrl::parse("javascript://x"), Err(UrlError::NotAbsolute));
        assert_eq!(HttpUrl::parse("https:// example.com"), Err(UrlError::Whitespace));
        assert_eq!(HttpUrl::parse("https://a:b@example.com"), Err(UrlError::Credentials));
        assert_eq!(HttpUrl::parse("https:///path"), Err(UrlError::MissingHost));
        assert_eq!(HttpUrl::parse("https://exa mple"), Err(UrlError::Whitespace));
        assert_eq!(HttpUrl::parse("https://exa<mple"), Err(UrlError::InvalidHost));
        assert_eq!(HttpUrl::parse("https://example.com:0"), Err(UrlError::InvalidPort));
        assert_eq!(HttpUrl::parse("https://example.com:99999"), Err(UrlError::InvalidPort));
        assert_eq!(HttpUrl::parse("https://example.com:+80"), Err(UrlError::InvalidPort));
        assert_eq!(HttpUrl::parse("https://[zz]:80"), Err(UrlError::InvalidHost));
    }
}
