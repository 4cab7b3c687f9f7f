//! The words the components speak: the [`Words`] given to
//! `<CognitoAuth words=…>`, else English.

use cognito_login_core::words::Words;
use leptos::prelude::*;

/// Provides `words` to everything under the calling component.
pub(crate) fn provide_words(words: Words) {
    provide_context(words);
}

/// The words in context: those given to `<CognitoAuth words=…>`, or
/// English outside it or without them. Use them for your own texts about
/// sign-in errors (`explain`, `say`) so they read like the components'.
pub fn use_words() -> Words {
    use_context::<Words>().unwrap_or_default()
}
