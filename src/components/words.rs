//! The words the components speak: the [`Words`] given to
//! `<CognitoAuth words=…>` (else the catalogue's), in the page's language.

use cognito_login_core::words::Words;
use leptos::prelude::*;

/// The words under a `<CognitoAuth>`: set once before the configuration
/// loads (the browser's language) and once after (`language` in
/// `config.json`); both happen before the content under it renders, so a
/// component reads them when it is created.
#[derive(Clone, Copy)]
struct Spoken(StoredValue<Words>);

/// Provides `words` to everything under the calling component.
pub(crate) fn provide_words(words: Words) {
    provide_context(Spoken(StoredValue::new(words)));
}

/// Changes the provided words (once the configuration has loaded).
pub(crate) fn update_words(change: impl FnOnce(Words) -> Words) {
    if let Some(Spoken(words)) = use_context::<Spoken>() {
        words.update_value(|w| *w = change(w.clone()));
    }
}

/// The words in context: those given to `<CognitoAuth words=…>` in the
/// page's language, or English outside it. Use them for your own texts
/// about sign-in errors (`explain`, `say`) so they read like the
/// components'.
pub fn use_words() -> Words {
    use_context::<Spoken>().map(|Spoken(words)| words.get_value()).unwrap_or_default()
}
