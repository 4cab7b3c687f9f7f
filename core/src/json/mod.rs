//! A small JSON module of the core's own: the values, a strict RFC 8259
//! parser ([`parse`]) and a compact writer ([`Value`]'s `Display`,
//! [`write_str`]).
//!
//! Why not `serde_json`: the landing module (the first load) reads
//! `config.json`, the discovery document and writes the pending login, and
//! `serde_json` with its `Value`, `BTreeMap` and float formatting is about
//! 18 KB of its WebAssembly. This module does what those three need and
//! behaves as `serde_json` does where they can tell: the same values, keys
//! sorted (its default `Map` is a `BTreeMap`) with the last of duplicate keys
//! winning, the same nesting limit (128), the same error messages and
//! positions, the same compact text. The full app keeps `serde_json` for
//! the rest (tokens, claims, tab messages).
//!
//! Numbers keep what `config.json`'s rules ask of them: whole numbers as
//! `u64`/`i64` (`-0` and anything with a fraction or exponent, or out of
//! their range, is a float, as in `serde_json`), floats as written. A float
//! is only ever shown again (in a problem naming the value), so it is never
//! converted: its shortest form is laid out as `serde_json` would, which is
//! exact for up to 15 significant digits (every such decimal survives a
//! round trip through `f64`) and keeps longer ones as written.

mod number;
mod parse;
#[cfg(test)]
mod tests;

pub use number::Number;
pub use parse::{parse, Error, MAX_DEPTH};

use std::fmt::{self, Write as _};

/// A JSON value.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object.
    Object(Map),
}

impl Value {
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The object, if this is one.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The value of `key`, if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object().and_then(|map| map.get(key))
    }

    /// The number as an `i64`, if it is a whole one in range.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }
}

/// The members of an object, sorted by key (byte order, as `serde_json`'s
/// default `Map`), each key once.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Map {
    entries: Vec<(String, Value)>,
}

impl Map {
    /// An empty object.
    pub fn new() -> Map {
        Map::default()
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    /// True when the object has `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Sets `key`; the value it had before, if any (a later duplicate key
    /// wins, as in `serde_json`).
    pub fn insert(&mut self, key: String, value: Value) -> Option<Value> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The members, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// How many members.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True for `{}`.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl FromIterator<(String, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Map {
        let mut map = Map::new();
        for (key, value) in iter {
            map.insert(key, value);
        }
        map
    }
}

/// Compact JSON, as `serde_json` writes it (`{"a":[1,"b"]}`).
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => f.write_str(if *b { "true" } else { "false" }),
            Value::Number(n) => fmt::Display::fmt(n, f),
            Value::String(s) => write_str(f, s),
            Value::Array(items) => {
                f.write_char('[')?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_char(',')?;
                    }
                    fmt::Display::fmt(item, f)?;
                }
                f.write_char(']')
            }
            Value::Object(map) => {
                f.write_char('{')?;
                for (i, (key, value)) in map.iter().enumerate() {
                    if i > 0 {
                        f.write_char(',')?;
                    }
                    write_str(f, key)?;
                    f.write_char(':')?;
                    fmt::Display::fmt(value, f)?;
                }
                f.write_char('}')
            }
        }
    }
}

/// Writes `text` as a JSON string, escaped as `serde_json` does: `"` and
/// `\`, the short escapes for backspace, form feed, newline, carriage
/// return and tab, `\u00XX` (lower-case hex) for the other control
/// characters; everything else as it is.
pub fn write_str(out: &mut impl fmt::Write, text: &str) -> fmt::Result {
    out.write_char('"')?;
    let mut start = 0;
    for (i, byte) in text.bytes().enumerate() {
        let short = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\x08' => "\\b",
            b'\x0c' => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.write_str(&text[start..i])?;
        if short.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.write_str("\\u00")?;
            out.write_char(HEX[usize::from(byte >> 4)] as char)?;
            out.write_char(HEX[usize::from(byte & 0xf)] as char)?;
        } else {
            out.write_str(short)?;
        }
        start = i + 1;
    }
    out.write_str(&text[start..])?;
    out.write_char('"')
}
