//! JSON numbers: whole ones as integers, the rest as written (see the
//! module's documentation on why floats are never converted).

use std::fmt;

/// A JSON number.
#[derive(Debug, Clone)]
pub struct Number(Kind);

#[derive(Debug, Clone)]
enum Kind {
    /// A whole number from 0 to `u64::MAX`.
    Unsigned(u64),
    /// A whole number from `i64::MIN` to -1.
    Negative(i64),
    /// Anything else, as written (valid JSON number syntax).
    Float(Box<str>),
}

impl Number {
    /// A float from its JSON text (`1.5`, `-0`, `2e10`), kept as written.
    pub fn float(text: &str) -> Number {
        Number(Kind::Float(text.into()))
    }

    /// The number as an `i64`, if it is a whole one in range.
    pub fn as_i64(&self) -> Option<i64> {
        match self.0 {
            Kind::Unsigned(n) => i64::try_from(n).ok(),
            Kind::Negative(n) => Some(n),
            Kind::Float(_) => None,
        }
    }

    /// The number as a `u64`, if it is a whole one in range.
    pub fn as_u64(&self) -> Option<u64> {
        match self.0 {
            Kind::Unsigned(n) => Some(n),
            _ => None,
        }
    }

    /// True for a number with a fraction or exponent (or out of the
    /// integers' range, or `-0`), as `serde_json`'s `is_f64`.
    pub fn is_f64(&self) -> bool {
        matches!(self.0, Kind::Float(_))
    }
}

impl From<u64> for Number {
    fn from(n: u64) -> Number {
        Number(Kind::Unsigned(n))
    }
}

impl From<i64> for Number {
    fn from(n: i64) -> Number {
        match u64::try_from(n) {
            Ok(n) => Number(Kind::Unsigned(n)),
            Err(_) => Number(Kind::Negative(n)),
        }
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Number) -> bool {
        match (&self.0, &other.0) {
            (Kind::Unsigned(a), Kind::Unsigned(b)) => a == b,
            (Kind::Negative(a), Kind::Negative(b)) => a == b,
            (Kind::Float(a), Kind::Float(b)) => {
                let (a, b) = (Decimal::of(a), Decimal::of(b));
                // -0.0 == 0.0, as for f64.
                a.digits == b.digits && (a.digits.is_empty() || (a.negative, a.point) == (b.negative, b.point))
            }
            _ => false,
        }
    }
}

/// A float's value as `-0.DIGITS × 10^point`: no leading or trailing zeros
/// in `digits` (none at all for zero).
pub(super) struct Decimal {
    pub(super) negative: bool,
    pub(super) digits: Vec<u8>,
    /// Where the decimal point goes: `10^(point-1) <= value < 10^point`.
    pub(super) point: i64,
}

impl Decimal {
    pub(super) fn of(text: &str) -> Decimal {
        let negative = text.starts_with('-');
        let text = text.trim_start_matches('-');
        let (mantissa, exponent) = text.split_once(['e', 'E']).unwrap_or((text, "0"));
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let exponent = exponent.trim_start_matches('+');
        let exponent =
            exponent.parse::<i64>().unwrap_or(if exponent.starts_with('-') { i64::MIN / 2 } else { i64::MAX / 2 });
        let all = whole.as_bytes().iter().chain(fraction.as_bytes());
        let leading = all.clone().take_while(|b| **b == b'0').count();
        let mut digits: Vec<u8> = all.skip(leading).copied().collect();
        while digits.last() == Some(&b'0') {
            digits.pop();
        }
        Decimal { negative, digits, point: whole.len() as i64 - leading as i64 + exponent }
    }

    /// True when `f64` cannot hold it (it would round to infinity), which
    /// `serde_json` refuses as "number out of range".
    pub(super) fn overflows(&self) -> bool {
        // f64::MAX plus half its last place, the first value that rounds up
        // to infinity, to 38 digits.
        const LIMIT: &[u8] = b"17976931348623158079372897140530341508";
        match self.point {
            _ if self.digits.is_empty() => false,
            310.. => true,
            309 => self.digits.iter().copied().ge(LIMIT.iter().copied()),
            _ => false,
        }
    }
}

/// As `serde_json` writes numbers: floats in their shortest form laid out
/// as its float formatter does (`1.5`, `1000.0`, `1e+20`, `1.5e-7`,
/// `0.0001`, `-0.0`).
impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match &self.0 {
            Kind::Unsigned(n) => return fmt::Display::fmt(n, f),
            Kind::Negative(n) => return fmt::Display::fmt(n, f),
            Kind::Float(text) => text,
        };
        let d = Decimal::of(text);
        if d.negative {
            f.write_str("-")?;
        }
        // Beyond f64's smallest value: the zero it parses to.
        if d.digits.is_empty() || d.point < -323 {
            return f.write_str("0.0");
        }
        let digits: String = d.digits.iter().map(|b| char::from(*b)).collect();
        let (length, point) = (digits.len() as i64, d.point);
        if length <= point && point <= 16 {
            write!(f, "{digits}{:0<width$}.0", "", width = (point - length) as usize)
        } else if 0 < point && point <= 16 {
            let (whole, fraction) = digits.split_at(point as usize);
            write!(f, "{whole}.{fraction}")
        } else if -5 < point && point <= 0 {
            write!(f, "0.{:0<width$}{digits}", "", width = (-point) as usize)
        } else {
            let (first, rest) = digits.split_at(1);
            let dot = if rest.is_empty() { "" } else { "." };
            let sign = if point > 0 { "+" } else { "" };
            write!(f, "{first}{dot}{rest}e{sign}{}", point - 1)
        }
    }
}
