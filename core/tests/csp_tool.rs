//! The `csp` tool (`./x csp`, `./x deploy`) on an `amplify_outputs.json`:
//! told apart from a `config.json` by content, validated by the same rules,
//! its policy made from the Amplify keys.

use std::path::PathBuf;
use std::process::Command;

fn write(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("csp-tool-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn csp(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_csp")).args(args).output().expect("the csp tool runs");
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

const OUTPUTS: &str = r#"{
  "version": "1.4",
  "auth": {
    "aws_region": "eu-west-1", "user_pool_id": "eu-west-1_AbCdEf123", "user_pool_client_id": "1example23456789",
    "oauth": { "identity_providers": [], "domain": "myapp.auth.eu-west-1.amazoncognito.com", "scopes": ["openid", "email"],
               "redirect_sign_in_uri": ["http://localhost:3000/callback", "https://main.d1abc.amplifyapp.com/callback"],
               "redirect_sign_out_uri": ["http://localhost:3000/", "https://main.d1abc.amplifyapp.com/"],
               "response_type": "code" }
  },
  "custom": { "cognitoLogin": { "apiBaseUrl": "https://api.example.com" } },
  "storage": { "aws_region": "eu-west-1", "bucket_name": "files" }
}"#;

#[test]
fn an_amplify_outputs_file_gets_the_policy_of_its_auth_section() {
    let path = write("amplify_outputs.json", OUTPUTS);
    let (ok, policy, err) = csp(&[path.to_str().unwrap()]);
    assert!(ok, "{err}");
    let connect = policy.split(';').find(|d| d.trim().starts_with("connect-src")).unwrap();
    for origin in [
        "https://myapp.auth.eu-west-1.amazoncognito.com/oauth2/",
        "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123/",
        "https://api.example.com",
    ] {
        assert!(connect.contains(origin), "{origin} not in {connect}");
    }
    let (ok, name, _) = csp(&["--upload-name", path.to_str().unwrap()]);
    assert!(ok);
    assert_eq!(name.trim(), "amplify_outputs.json");
    let (ok, settings, _) = csp(&["--settings", path.to_str().unwrap()]);
    assert!(ok);
    let settings: serde_json::Value = serde_json::from_str(&settings).unwrap();
    assert_eq!(settings["domain"], "https://myapp.auth.eu-west-1.amazoncognito.com");
    assert_eq!(settings["userPoolId"], "eu-west-1_AbCdEf123");
}

#[test]
fn a_config_json_is_still_a_config_json() {
    let path = write("config.json", r#"{"userPoolId":"eu-west-1_AbCdEf123","clientId":"abc"}"#);
    let (ok, name, err) = csp(&["--upload-name", path.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert_eq!(name.trim(), "config.json");
}

#[test]
fn a_broken_amplify_outputs_file_is_refused_naming_its_keys() {
    let path =
        write("broken.json", r#"{"version":"1","auth":{"user_pool_id":"eu-west-1_A","user_pool_client_secret":"x"}}"#);
    let (ok, policy, err) = csp(&[path.to_str().unwrap()]);
    assert!(!ok && policy.is_empty());
    for key in ["auth.user_pool_client_id", "auth.oauth", "auth.user_pool_client_secret"] {
        assert!(err.contains(&format!("`{key}`")), "{key} not named in {err}");
    }
    let (ok, _, _) = csp(&["--settings", path.to_str().unwrap()]);
    assert!(!ok);
}
