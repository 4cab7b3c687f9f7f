//! The parser: strict RFC 8259 (no comments, no trailing commas, no
//! leading zeros, no lone surrogates), following `serde_json`'s reading
//! step by step so a document it refuses is refused here with the same
//! message at the same line and column.

use std::fmt;

use super::number::Decimal;
use super::{Map, Number, Value};

/// How deep arrays and objects may nest: `serde_json`'s limit (the 128th
/// level is refused).
pub const MAX_DEPTH: u8 = 128;

/// Why a text is not JSON, and where: `serde_json`'s words ("expected
/// value at line 1 column 1"). Line and column count from 1, the column in
/// bytes; line 0 means no position (the document is JSON but not of the
/// expected shape).
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    message: std::borrow::Cow<'static, str>,
    line: usize,
    column: usize,
}

impl Error {
    /// A document that is JSON but not of the shape expected (`missing field
    /// `issuer``), without a position.
    pub fn shape(message: String) -> Error {
        Error { message: message.into(), line: 0, column: 0 }
    }

    /// The line, from 1 (0: no position).
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column in bytes, from 1 (0 at the start of a line, or no
    /// position).
    pub fn column(&self) -> usize {
        self.column
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            f.write_str(&self.message)
        } else {
            write!(f, "{} at line {} column {}", self.message, self.line, self.column)
        }
    }
}

/// As `serde_json::Error`'s: `Error("expected value", line: 1, column: 1)`.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error({:?}, line: {}, column: {})", self.message, self.line, self.column)
    }
}

impl std::error::Error for Error {}

const EOF_LIST: &str = "EOF while parsing a list";
const EOF_OBJECT: &str = "EOF while parsing an object";
const EOF_STRING: &str = "EOF while parsing a string";
const EOF_VALUE: &str = "EOF while parsing a value";
const INVALID_NUMBER: &str = "invalid number";
const INVALID_ESCAPE: &str = "invalid escape";
const LONE_SURROGATE: &str = "lone leading surrogate in hex escape";
const END_OF_ESCAPE: &str = "unexpected end of hex escape";
const KEY_NOT_STRING: &str = "key must be a string";
const TRAILING_COMMA: &str = "trailing comma";
const OUT_OF_RANGE: &str = "number out of range";

/// Parses a whole document (one value, white space around it).
pub fn parse(text: &str) -> Result<Value, Error> {
    let mut parser = Parser { text, bytes: text.as_bytes(), at: 0, depth: MAX_DEPTH };
    let value = parser.value()?;
    match parser.skip_space() {
        Some(_) => Err(parser.peek_error("trailing characters")),
        None => Ok(value),
    }
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// The next byte to read.
    at: usize,
    /// How many more levels may open.
    depth: u8,
}

impl Parser<'_> {
    /// An error about the bytes read so far (`serde_json`'s `error`).
    #[cold]
    fn error(&self, message: &'static str) -> Error {
        self.error_at(self.at, message)
    }

    /// An error about the next byte, not yet read (`peek_error`).
    #[cold]
    fn peek_error(&self, message: &'static str) -> Error {
        self.error_at((self.at + 1).min(self.bytes.len()), message)
    }

    fn error_at(&self, at: usize, message: &'static str) -> Error {
        let before = &self.bytes[..at];
        let line_start = before.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        let line = 1 + before[..line_start].iter().filter(|b| **b == b'\n').count();
        Error { message: message.into(), line, column: at - line_start }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    /// Skips white space; the next byte, not read.
    fn skip_space(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.at += 1;
        }
        self.peek()
    }

    fn value(&mut self) -> Result<Value, Error> {
        let Some(first) = self.skip_space() else { return Err(self.peek_error(EOF_VALUE)) };
        Ok(match first {
            b'n' => self.word("null", Value::Null)?,
            b't' => self.word("true", Value::Bool(true))?,
            b'f' => self.word("false", Value::Bool(false))?,
            b'-' | b'0'..=b'9' => Value::Number(self.number()?),
            b'"' => {
                self.at += 1;
                Value::String(self.string()?)
            }
            b'[' | b'{' => {
                self.depth -= 1;
                if self.depth == 0 {
                    return Err(self.peek_error("recursion limit exceeded"));
                }
                self.at += 1;
                let value = if first == b'[' { Value::Array(self.array()?) } else { Value::Object(self.object()?) };
                // Only reached at the closing bracket, which is read here.
                self.at += 1;
                self.depth += 1;
                value
            }
            _ => return Err(self.peek_error("expected value")),
        })
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, Error> {
        self.at += 1;
        for expected in &word.as_bytes()[1..] {
            match self.next() {
                None => return Err(self.error(EOF_VALUE)),
                Some(b) if b != *expected => return Err(self.error("expected ident")),
                Some(_) => {}
            }
        }
        Ok(value)
    }

    /// The items up to the closing `]` (left unread).
    fn array(&mut self) -> Result<Vec<Value>, Error> {
        let mut items = Vec::new();
        loop {
            match self.skip_space() {
                None => return Err(self.peek_error(EOF_LIST)),
                Some(b']') => return Ok(items),
                Some(_) if items.is_empty() => {}
                Some(b',') => {
                    self.at += 1;
                    match self.skip_space() {
                        Some(b']') => return Err(self.peek_error(TRAILING_COMMA)),
                        Some(_) => {}
                        None => return Err(self.peek_error(EOF_VALUE)),
                    }
                }
                Some(_) => return Err(self.peek_error("expected `,` or `]`")),
            }
            items.push(self.value()?);
        }
    }

    /// The members up to the closing `}` (left unread).
    fn object(&mut self) -> Result<Map, Error> {
        let mut map = Map::new();
        let mut first = true;
        loop {
            match self.skip_space() {
                None => return Err(self.peek_error(EOF_OBJECT)),
                Some(b'}') => return Ok(map),
                Some(b'"') if first => {}
                Some(_) if first => return Err(self.peek_error(KEY_NOT_STRING)),
                Some(b',') => {
                    self.at += 1;
                    match self.skip_space() {
                        Some(b'"') => {}
                        Some(b'}') => return Err(self.peek_error(TRAILING_COMMA)),
                        Some(_) => return Err(self.peek_error(KEY_NOT_STRING)),
                        None => return Err(self.peek_error(EOF_VALUE)),
                    }
                }
                Some(_) => return Err(self.peek_error("expected `,` or `}`")),
            }
            first = false;
            self.at += 1;
            let key = self.string()?;
            match self.skip_space() {
                Some(b':') => self.at += 1,
                Some(_) => return Err(self.peek_error("expected `:`")),
                None => return Err(self.peek_error(EOF_OBJECT)),
            }
            let value = self.value()?;
            map.insert(key, value);
        }
    }

    /// A string's contents, the opening `"` read.
    fn string(&mut self) -> Result<String, Error> {
        let mut out = String::new();
        loop {
            let start = self.at;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            // Both ends are at ASCII bytes: character boundaries.
            out.push_str(&self.text[start..self.at]);
            match self.next() {
                None => return Err(self.error(EOF_STRING)),
                Some(b'"') => return Ok(out),
                Some(b'\\') => self.escape(&mut out)?,
                Some(_) => return Err(self.error("control character (\\u0000-\\u001F) found while parsing a string")),
            }
        }
    }

    /// One escape, its `\` read.
    fn escape(&mut self, out: &mut String) -> Result<(), Error> {
        let short = match self.next() {
            None => return Err(self.error(EOF_STRING)),
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\x08',
            Some(b'f') => '\x0c',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.unicode_escape(out),
            Some(_) => return Err(self.error(INVALID_ESCAPE)),
        };
        out.push(short);
        Ok(())
    }

    /// `\uXXXX`, its `\u` read: a character, or a UTF-16 surrogate pair
    /// written as two escapes.
    fn unicode_escape(&mut self, out: &mut String) -> Result<(), Error> {
        let high = self.hex4()?;
        let code = match high {
            0xDC00..=0xDFFF => return Err(self.error(LONE_SURROGATE)),
            0xD800..=0xDBFF => {
                for expected in [b'\\', b'u'] {
                    match self.next() {
                        None => return Err(self.error(EOF_STRING)),
                        Some(b) if b != expected => return Err(self.error(END_OF_ESCAPE)),
                        Some(_) => {}
                    }
                }
                let low = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(self.error(LONE_SURROGATE));
                }
                0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(low) - 0xDC00)
            }
            other => u32::from(other),
        };
        out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
        Ok(())
    }

    fn hex4(&mut self) -> Result<u16, Error> {
        let Some(digits) = self.bytes.get(self.at..self.at + 4) else {
            self.at = self.bytes.len();
            return Err(self.error(EOF_STRING));
        };
        self.at += 4;
        let mut n = 0u16;
        for b in digits {
            let digit = char::from(*b).to_digit(16).ok_or_else(|| self.error(INVALID_ESCAPE))?;
            n = n * 16 + digit as u16;
        }
        Ok(n)
    }

    /// A number: its text checked as `serde_json` reads it, kept as an
    /// integer when it is a whole one `u64`/`i64` can hold.
    fn number(&mut self) -> Result<Number, Error> {
        let start = self.at;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let mut whole: Option<u64> = Some(0);
        match self.next() {
            None => return Err(self.error(EOF_VALUE)),
            Some(b'0') if matches!(self.peek(), Some(b'0'..=b'9')) => return Err(self.peek_error(INVALID_NUMBER)),
            Some(b'0') => {}
            Some(b @ b'1'..=b'9') => {
                whole = Some(u64::from(b - b'0'));
                while let Some(b @ b'0'..=b'9') = self.peek() {
                    self.at += 1;
                    whole = whole.and_then(|n| n.checked_mul(10)?.checked_add(u64::from(b - b'0')));
                }
            }
            Some(_) => return Err(self.error(INVALID_NUMBER)),
        }
        let mut float = false;
        if self.peek() == Some(b'.') {
            float = true;
            self.at += 1;
            let digits = self.at;
            while let Some(b'0'..=b'9') = self.peek() {
                self.at += 1;
            }
            if self.at == digits {
                let message = if self.peek().is_some() { INVALID_NUMBER } else { EOF_VALUE };
                return Err(self.peek_error(message));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            float = true;
            self.exponent(start)?;
        }
        let text = &self.text[start..self.at];
        match (float, whole) {
            (false, Some(n)) if !negative => return Ok(Number::from(n)),
            (false, Some(n @ 1..=0x8000_0000_0000_0000)) => return Ok(Number::from(0i64.wrapping_sub_unsigned(n))),
            _ => {}
        }
        if Decimal::of(text).overflows() {
            return Err(self.error(OUT_OF_RANGE));
        }
        Ok(Number::float(text))
    }

    /// The exponent, at its `e`: refused where `serde_json` refuses it (an
    /// exponent past `i32` on a number that is not zero is out of range at
    /// once).
    fn exponent(&mut self, start: usize) -> Result<(), Error> {
        self.at += 1;
        let positive = match self.peek() {
            Some(b'+') => {
                self.at += 1;
                true
            }
            Some(b'-') => {
                self.at += 1;
                false
            }
            _ => true,
        };
        let mut exponent: i32 = match self.next() {
            None => return Err(self.error(EOF_VALUE)),
            Some(b @ b'0'..=b'9') => i32::from(b - b'0'),
            Some(_) => return Err(self.error(INVALID_NUMBER)),
        };
        while let Some(b @ b'0'..=b'9') = self.peek() {
            self.at += 1;
            match exponent.checked_mul(10).and_then(|e| e.checked_add(i32::from(b - b'0'))) {
                Some(e) => exponent = e,
                None => {
                    let zero = !self.text[start..self.at]
                        .bytes()
                        .take_while(|b| !matches!(b, b'e' | b'E'))
                        .any(|b| (b'1'..=b'9').contains(&b));
                    if positive && !zero {
                        return Err(self.error(OUT_OF_RANGE));
                    }
                    while let Some(b'0'..=b'9') = self.peek() {
                        self.at += 1;
                    }
                    return Ok(());
                }
            }
        }
        Ok(())
    }
}
