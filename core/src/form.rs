//! `application/x-www-form-urlencoded` encoding and decoding (the WHATWG URL
//! standard's form serialisation), for authorize URLs, token request bodies
//! and callback queries.

/// Encodes one name or value.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Encodes pairs as `a=1&b=2`.
pub fn encode_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    pairs.into_iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

/// `base` with `pairs` appended as its query (`?` or, when `base` already
/// has a query, `&`): the one URL builder for the authorize and logout URLs.
pub fn url_with_query<'a>(base: &str, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let separator = if base.contains('?') { '&' } else { '?' };
    format!("{base}{separator}{}", encode_pairs(pairs))
}

/// Decodes a query string (with or without its leading `?`) into pairs, in
/// order. Malformed percent escapes are kept as written.
pub fn decode_pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let s = "a b&c=d/é+%";
        assert_eq!(encode(s), "a+b%26c%3Dd%2F%C3%A9%2B%25");
        let q = encode_pairs([("x", s), ("y", "")]);
        assert_eq!(decode_pairs(&q), vec![("x".into(), s.into()), ("y".into(), "".into())]);
    }

    #[test]
    fn tolerant_decoding() {
        assert_eq!(
            decode_pairs("?a=%zz&b=%4&c&d=%41"),
            vec![
                ("a".into(), "%zz".into()),
                ("b".into(), "%4".into()),
                ("c".into(), "".into()),
                ("d".into(), "A".into())
            ]
        );
    }
}
