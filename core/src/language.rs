//! Which language the pages speak: the operator's choice (`language` in
//! `config.json`), else the first of the browser's preferred languages
//! (`navigator.languages`) that the catalogue has, else English. The same
//! language goes to managed login as `lang` (unless `config.json` sets
//! `lang` itself) and into `<html lang>`.

/// A language the catalogue has (`crate::words`). Every one of them is a
/// managed login language too (docs/COGNITO.md "Managed login").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
#[non_exhaustive]
pub enum Language {
    /// English (`en`).
    #[default]
    English,
    /// German (`de`).
    German,
    /// French (`fr`).
    French,
    /// Spanish (`es`).
    Spanish,
    /// Japanese (`ja`).
    Japanese,
}

impl Language {
    /// Every language, English first.
    pub const ALL: [Language; 5] =
        [Language::English, Language::German, Language::French, Language::Spanish, Language::Japanese];

    /// Its BCP 47 code: `<html lang>`, managed login's `lang`, `language`
    /// in `config.json`.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::German => "de",
            Language::French => "fr",
            Language::Spanish => "es",
            Language::Japanese => "ja",
        }
    }

    /// The language of a BCP 47 tag (`de`, `de-AT`, `ja-JP`, any case), if
    /// the catalogue has it: the primary subtag decides.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.trim().split(['-', '_']).next()?;
        Language::ALL.into_iter().find(|l| l.code().eq_ignore_ascii_case(primary))
    }

    /// The pages' language: `configured` (`language` in `config.json`)
    /// if set, else the first of `preferred` (`navigator.languages`, in the
    /// user's order) that the catalogue has, else English.
    pub fn choose<'a>(configured: Option<Language>, preferred: impl IntoIterator<Item = &'a str>) -> Language {
        configured.or_else(|| preferred.into_iter().find_map(Language::from_tag)).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_match_by_their_primary_subtag() {
        assert_eq!(Language::from_tag("de-DE"), Some(Language::German));
        assert_eq!(Language::from_tag("DE"), Some(Language::German));
        assert_eq!(Language::from_tag("ja_JP"), Some(Language::Japanese));
        assert_eq!(Language::from_tag("es-419"), Some(Language::Spanish));
        assert_eq!(Language::from_tag("fr-CA"), Some(Language::French));
        assert_eq!(Language::from_tag("en-GB"), Some(Language::English));
        assert_eq!(Language::from_tag("pt-BR"), None);
        assert_eq!(Language::from_tag("deu"), None);
        assert_eq!(Language::from_tag(""), None);
        for language in Language::ALL {
            assert_eq!(Language::from_tag(language.code()), Some(language));
        }
    }

    #[test]
    fn the_operator_decides_then_the_browser_then_english() {
        assert_eq!(Language::choose(Some(Language::French), ["de-DE"]), Language::French);
        assert_eq!(Language::choose(None, ["pt-BR", "de-DE", "fr"]), Language::German);
        assert_eq!(Language::choose(None, ["pt-BR", "zh-CN"]), Language::English);
        assert_eq!(Language::choose(None, []), Language::English);
    }
}
