//! Which file the configuration comes from: `config.json` next to
//! `index.html`, and only when that answers `404`, `amplify_outputs.json`
//! from the same folder. The one rule the full app (`src/browser/config.rs`)
//! and the landing module (`landing/src/platform.rs`, which hands
//! `amplify_outputs.json` to the full app) follow: `boot.js` requests
//! `config.json` early, so a deployment with one pays nothing for the other.

use super::{AmplifyFinding, Config, ConfigErrors, PageLocation};

/// A file the configuration can be read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigFile {
    /// `config.json`: asked for first.
    ConfigJson,
    /// `amplify_outputs.json` (Amplify Gen 2): asked for when `config.json`
    /// is not there.
    AmplifyOutputs,
}

/// What an answer for one of the files means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigAnswer {
    /// `200`: read the text as this file.
    Read(ConfigFile),
    /// `404` for `config.json`: ask for this file next.
    TryNext(ConfigFile),
    /// `404` for the last file: there is no configuration.
    NotFound,
    /// Any other status: this file could not be loaded.
    Failed(u16),
}

impl ConfigFile {
    /// The file asked for first.
    pub const FIRST: ConfigFile = ConfigFile::ConfigJson;

    /// The file's name.
    pub fn name(self) -> &'static str {
        match self {
            ConfigFile::ConfigJson => "config.json",
            ConfigFile::AmplifyOutputs => "amplify_outputs.json",
        }
    }

    /// Where the file is for an app served at `page`.
    pub fn url(self, page: &PageLocation) -> String {
        format!("{}{}{}", page.origin, page.base_path, self.name())
    }

    /// What an answer with `status` for this file means. Only a `404` (the
    /// file is not there) leads to the next file: any other failure is
    /// reported, never papered over with another file.
    pub fn answer(self, status: u16) -> ConfigAnswer {
        match (status, self) {
            (200, file) => ConfigAnswer::Read(file),
            (404, ConfigFile::ConfigJson) => ConfigAnswer::TryNext(ConfigFile::AmplifyOutputs),
            (404, ConfigFile::AmplifyOutputs) => ConfigAnswer::NotFound,
            (status, _) => ConfigAnswer::Failed(status),
        }
    }

    /// The file a tool was given, told apart by content: an object with
    /// `auth` and `version` is an `amplify_outputs.json`.
    pub fn detect(text: &str) -> ConfigFile {
        if super::amplify::looks_like_amplify_outputs(text) {
            ConfigFile::AmplifyOutputs
        } else {
            ConfigFile::ConfigJson
        }
    }

    /// Reads the text of this file for an app served at `page`.
    pub fn parse(self, text: &str, page: &PageLocation) -> Result<Config, ConfigErrors> {
        match self {
            ConfigFile::ConfigJson => Config::from_json(text, page),
            ConfigFile::AmplifyOutputs => Config::from_amplify_outputs(text, page),
        }
    }
}

/// Where a configuration came from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ConfigSource {
    /// `config.json` (or a configuration given in code).
    #[default]
    ConfigJson,
    /// `amplify_outputs.json`, with the Amplify keys used.
    AmplifyOutputs(Vec<AmplifyFinding>),
}

impl ConfigSource {
    /// The file's name.
    pub fn file(&self) -> ConfigFile {
        match self {
            ConfigSource::ConfigJson => ConfigFile::ConfigJson,
            ConfigSource::AmplifyOutputs(_) => ConfigFile::AmplifyOutputs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_404_for_config_json_leads_to_amplify_outputs() {
        use ConfigAnswer::*;
        use ConfigFile::*;
        assert_eq!(ConfigJson.answer(200), Read(ConfigJson));
        assert_eq!(ConfigJson.answer(404), TryNext(AmplifyOutputs));
        assert_eq!(ConfigJson.answer(403), Failed(403));
        assert_eq!(ConfigJson.answer(500), Failed(500));
        assert_eq!(AmplifyOutputs.answer(200), Read(AmplifyOutputs));
        assert_eq!(AmplifyOutputs.answer(404), NotFound);
        assert_eq!(AmplifyOutputs.answer(503), Failed(503));
    }

    #[test]
    fn files_are_next_to_the_page_and_told_apart_by_content() {
        let page = PageLocation { origin: "https://app.example.com".into(), base_path: "/login/".into() };
        assert_eq!(ConfigFile::FIRST.url(&page), "https://app.example.com/login/config.json");
        assert_eq!(ConfigFile::AmplifyOutputs.url(&page), "https://app.example.com/login/amplify_outputs.json");
        assert_eq!(ConfigFile::detect(r#"{"version":"1.4","auth":{}}"#), ConfigFile::AmplifyOutputs);
        assert_eq!(ConfigFile::detect(r#"{"userPoolId":"x","clientId":"y"}"#), ConfigFile::ConfigJson);
        assert_eq!(ConfigFile::detect(r#"{"auth":{}}"#), ConfigFile::ConfigJson);
        assert_eq!(ConfigFile::detect("not json"), ConfigFile::ConfigJson);
    }
}
