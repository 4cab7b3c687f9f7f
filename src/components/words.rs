//! The words the components speak: the [`Words`] given to
//! `<CognitoAuth words=…>` (else the catalogue's), in the page's language.

use cognito_login_core::words::Words;
use leptos::prelude::*;

/// The words under a `<CognitoAuth>`: provided in the browser's language
/// before the configuration loads, and changed once it has (`language` in
/// `config.json`) before the content under it renders; the loading and
/// configuration-error views speak the first.
#[derive(Clone, Copy)]
struct Spoken(StoredValue<Words>);

/// Provides `words` to everything under the calling component; the handle
/// changes them (once the configuration has loaded).
pub(crate) fn provide_words(words: Words) -> StoredValue<Words> {
    let words = StoredValue::new(words);
    provide_context(Spoken(words));
    words
}

/// The words in context: those given to `<CognitoAuth words=…>` in the
/// page's language, or English outside it. Use them for your own texts
/// about sign-in errors (`explain`, `say`) so they read like the
/// components'.
pub fn use_words() -> Words {
    use_context::<Spoken>().map(|Spoken(words)| words.get_value()).unwrap_or_default()
}
