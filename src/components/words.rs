//! The words the components speak: the [`Words`] given to
//! `<CognitoAuth words=…>`, else English.

use cognito_login_core::words::Words;
use leptos::prelude::*;

/// Where `<CognitoAuth>` keeps its words (a signal: the language may be
/// known only once the configuration has loaded).
#[derive(Clone, Copy)]
pub(crate) struct WordsContext(pub(crate) RwSignal<Words>);

/// Provides `words` to everything under the calling component.
pub(crate) fn provide_words(words: Words) {
    provide_context(WordsContext(RwSignal::new(words)));
}

/// The words in context (reactive): those given to
/// `<CognitoAuth words=…>`, or English outside it or without them. Use
/// them for your own texts about sign-in errors (`explain`, `say`) so they
/// read like the components'.
pub fn use_words() -> Words {
    use_context::<WordsContext>().map(|w| w.0.get()).unwrap_or_default()
}
