//! The parser and writer, each case checked against `serde_json` itself
//! (still a dependency of the core): same values, same compact text, same
//! error messages at the same positions.

use super::*;

/// Parses with both; the same outcome, word for word.
fn same(text: &str) -> Result<Value, Error> {
    let ours = parse(text);
    let theirs = serde_json::from_str::<serde_json::Value>(text);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => assert_eq!(a.to_string(), b.to_string(), "{text:?}"),
        (Err(a), Err(b)) => {
            assert_eq!(a.to_string(), b.to_string(), "{text:?}");
            assert_eq!((a.line(), a.column()), (b.line(), b.column()), "{text:?}");
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "{text:?}");
        }
        _ => panic!("{text:?}: ours {ours:?}, serde_json {theirs:?}"),
    }
    ours
}

#[test]
fn valid_documents_read_and_write_as_serde_json_does() {
    for text in [
        "null",
        " true ",
        "false",
        "0",
        "-1",
        "\"\"",
        "[]",
        "{}",
        "[1,[2,[3]],{\"a\":{}}]",
        "{\"b\":1,\"a\":2,\"c\":[true,false,null]}",
        "\t\r\n {\n \"key\" : \"value\" \n}\n",
        "{\"userPoolId\":\"us-east-1_A\",\"scopes\":[\"openid\",\"email\"],\"networkTimeoutSeconds\":15}",
        "\"caf\u{e9} \u{1F600} \u{7f}\"",
    ] {
        same(text).unwrap();
    }
}

#[test]
fn keys_are_sorted_and_the_last_duplicate_wins() {
    let value = same("{\"b\":1,\"a\":2,\"b\":3,\"B\":4}").unwrap();
    let map = value.as_object().unwrap();
    assert_eq!(map.keys().map(String::as_str).collect::<Vec<_>>(), ["B", "a", "b"]);
    assert_eq!(map.get("b").and_then(Value::as_i64), Some(3));
    assert_eq!(map.len(), 3);
    assert!(map.contains_key("a") && !map.contains_key("c") && !map.is_empty());
    assert_eq!(value.get("a"), Some(&Value::Number(2u64.into())));
}

#[test]
fn escapes_and_surrogate_pairs() {
    let value = same(r#""\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC\ud83d\ude00\u0000""#).unwrap();
    assert_eq!(value.as_str(), Some("\"\\/\u{8}\u{c}\n\r\tA\u{e9}\u{20ac}\u{1F600}\u{0}"));
    // Written back: the short escapes, \u00XX for other controls, the rest as is.
    assert_eq!(value.to_string(), "\"\\\"\\\\/\\b\\f\\n\\r\\tA\u{e9}\u{20ac}\u{1F600}\\u0000\"");
    for bad in [
        r#""\x""#,
        r#""\u12""#,
        r#""\u12G4""#,
        r#""\ud83d""#,
        r#""\ud83dx""#,
        r#""\ud83d\n""#,
        r#""\ud83d\u0041""#,
        r#""\ude00""#,
        r#""\"#,
        "\"a\u{1}b\"",
        "\"tab\there\"",
        "\"open",
        "\"\u{e9}\\q\"",
    ] {
        assert!(same(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn numbers_keep_whole_and_float_apart() {
    let number = |text: &str| match same(text).unwrap() {
        Value::Number(n) => n,
        other => panic!("{other:?}"),
    };
    assert_eq!(number("15").as_u64(), Some(15));
    assert_eq!(number("15").as_i64(), Some(15));
    assert_eq!(number("-15").as_u64(), None);
    assert_eq!(number("-15").as_i64(), Some(-15));
    assert_eq!(number("18446744073709551615").as_u64(), Some(u64::MAX));
    assert_eq!(number("18446744073709551615").as_i64(), None);
    assert_eq!(number("-9223372036854775808").as_i64(), Some(i64::MIN));
    for float in ["-0", "1.0", "15.5", "1e3", "1E+3", "2e-3", "18446744073709551616", "-9223372036854775809"] {
        let Ok(Value::Number(n)) = parse(float) else { panic!("{float}") };
        assert!(n.is_f64() && n.as_i64().is_none() && n.as_u64().is_none(), "{float}");
    }
    // Floats written as serde_json writes them (its shortest-form layout).
    for text in [
        "0.0",
        "-0.0",
        "1.5",
        "100",
        "1e0",
        "1.50",
        "12.34e1",
        "1e15",
        "1e16",
        "1.5e16",
        "123456789012345e2",
        "1e-4",
        "1e-5",
        "0.00001234",
        "1.5e-7",
        "2e308",
        "1.7976931348623157e308",
        "-3.25e-100",
        "1e-400",
        "0e999999",
        "0.000e-5",
        "1e19",
        "-123456789012345e10",
        "1e2147483648",
        "1e-2147483649",
    ] {
        let _ = same(text);
    }
    // Beyond 15 significant digits a float is shown as written, where
    // serde_json shows the f64 it rounds to.
    let long = parse("18446744073709551616").unwrap().to_string();
    assert_eq!(long, "1.8446744073709551616e+19");
    assert_eq!(number("1.0"), number("1.00"));
    assert_eq!(number("-0.0"), number("0.0"));
    assert_ne!(number("1.0"), number("1"));
}

#[test]
fn invalid_documents_are_refused_in_serde_jsons_words() {
    for bad in [
        "",
        "   ",
        "<html>",
        "{",
        "[",
        "{\"a\"",
        "{\"a\":",
        "{\"a\" 1}",
        "{\"a\":1,}",
        "{\"a\":1,",
        "{\"a\":1 \"b\":2}",
        "{,}",
        "{1:2}",
        "{\"a\":1,2:3}",
        "[1,]",
        "[1,",
        "[1 2]",
        "[1}",
        "{\"a\":1]",
        "nul",
        "nulx",
        "tru",
        "falsy",
        "01",
        "-",
        "-a",
        "1.",
        "1.e5",
        "1e",
        "1e+",
        "1ex",
        "+1",
        ".5",
        "NaN",
        "{} x",
        "[]]",
        "1 2",
        "\n\n  {\"a\":\n tru}",
        "{\"a\":1}\n\n x",
    ] {
        assert!(same(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn nesting_stops_where_serde_jsons_does() {
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    assert!(same(&deep(MAX_DEPTH as usize - 1)).is_ok());
    assert!(same(&deep(MAX_DEPTH as usize)).is_err());
    assert!(same(&"{\"a\":".repeat(200)).is_err());
}

#[test]
fn strings_are_written_escaped() {
    let mut out = String::new();
    write_str(&mut out, "a\"b\\c\u{1f}\u{7f}/\u{e9}").unwrap();
    assert_eq!(out, "\"a\\\"b\\\\c\\u001f\u{7f}/\u{e9}\"");
    assert_eq!(out, serde_json::to_string("a\"b\\c\u{1f}\u{7f}/\u{e9}").unwrap());
}

#[test]
fn maps_collect_sorted() {
    let map: Map = [("b".to_string(), Value::Null), ("a".to_string(), Value::Bool(true))].into_iter().collect();
    assert_eq!(Value::Object(map).to_string(), "{\"a\":true,\"b\":null}");
    assert_eq!(Value::default(), Value::Null);
}
