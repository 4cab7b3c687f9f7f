//! The page's language: what the browser prefers, and `<html lang>`. Which
//! language the pages speak is the core's rule (`Config::settle_language`).

use cognito_login_core::config::Config;
use cognito_login_core::language::Language;

/// The user's preferred languages, in their order (`navigator.languages`;
/// `navigator.language` where the list is empty).
pub fn preferred() -> Vec<String> {
    let navigator = crate::window().navigator();
    let mut tags: Vec<String> = navigator.languages().iter().filter_map(|tag| tag.as_string()).collect();
    if tags.is_empty() {
        tags.extend(navigator.language());
    }
    tags
}

/// Settles `config`'s language (`Config::settle_language`: the app's
/// `fixed` one, else `language`, else the browser's preferences) and puts
/// it into `<html lang>`.
pub fn settle(config: &mut Config, fixed: Option<Language>) -> Language {
    let preferred = preferred();
    let language = config.settle_language(fixed, preferred.iter().map(String::as_str));
    set_document_language(language);
    language
}

/// The pages' language before a configuration is known: the browser's.
pub fn without_config() -> Language {
    let language = Language::choose(None, preferred().iter().map(String::as_str));
    set_document_language(language);
    language
}

/// `<html lang>`: screen readers, hyphenation and the fatal page
/// (`boot.js`) follow it.
pub fn set_document_language(language: Language) {
    if let Some(root) = crate::window().document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", language.code());
    }
}
