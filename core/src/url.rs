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
    #[error("is not an absolute http(s) URL (it must start with https://)")]
    NotAbsolute,
    /// Spaces or control characters inside the URL.
    #[error("contains spaces or control characters")]
    Whitespace,
    /// `https://user:pass@host` forms.
    #[error("must not contain a user name or password")]
    Credentials,
    /// Nothing between `//` and the path.
    #[error("has no host name")]
    MissingHost,
    /// Characters that cannot appear in a host name.
    #[error("has an invalid host name")]
    InvalidHost,
    /// A port that is not a number from 1 to 65535.
    #[error("has an invalid port")]
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

    /// True for `localhost` and the loopback IP addresses, where plain
    /// `http` is acceptable (Cognito allows `http://localhost` callbacks for
    /// testing, cognito.md §8 item 5).
    pub fn is_loopback(&self) -> bool {
        self.host == "localhost"
            || self.host.ends_with(".localhost")
            || self.host == "[::1]"
            || self.host.starts_with("127.")
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
