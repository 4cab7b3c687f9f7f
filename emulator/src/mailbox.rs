//! The pool's outbox: every email (sign-up and password-reset codes) and
//! SMS (MFA codes) it "sent", for tests to read instead of an inbox.

use serde::{Deserialize, Serialize};

use crate::state::{CodePurpose, Inner, Pool, SentCode};

/// How long a sent code is valid: sign-up codes 24 hours, password-reset
/// codes 1 hour, SMS MFA codes 3 minutes (AWS "Confirming user accounts",
/// "Forgot password", "SMS message MFA").
fn lifetime(purpose: CodePurpose) -> i64 {
    match purpose {
        CodePurpose::SignUp => 24 * 3600,
        CodePurpose::ForgotPassword => 3600,
        CodePurpose::SmsMfa => 180,
    }
}

/// One message the pool sent.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    /// The email address or phone number it went to.
    pub to: String,
    /// `email` or `sms`.
    pub channel: String,
    /// What it is for: `signUp`, `forgotPassword` or `mfa`.
    pub purpose: String,
    /// The code in it.
    pub code: String,
    /// The text, as a user would read it.
    pub text: String,
    /// When it was sent, seconds since the epoch (emulator clock).
    pub sent_at: i64,
}

/// Six random digits.
fn six_digits() -> String {
    use rand::Rng;
    format!("{:06}", rand::thread_rng().gen_range(0..1_000_000))
}

impl Inner {
    /// Sends `username` a new code for `purpose` (replacing an earlier one)
    /// and records the message.
    pub(crate) fn send_code(&mut self, purpose: CodePurpose, username: &str, now: i64) {
        let Some(user) = self.user(username) else { return };
        let code = six_digits();
        let (channel, to, purpose_name, text) = match purpose {
            CodePurpose::SignUp => {
                ("email", user.config.email.clone(), "signUp", format!("Your verification code is {code}"))
            }
            CodePurpose::ForgotPassword => {
                ("email", user.config.email.clone(), "forgotPassword", format!("Your password reset code is {code}"))
            }
            CodePurpose::SmsMfa => (
                "sms",
                user.config.phone_number.clone().unwrap_or_else(|| username.to_string()),
                "mfa",
                format!("Your authentication code is {code}"),
            ),
        };
        self.mailbox.push(Message {
            to,
            channel: channel.into(),
            purpose: purpose_name.into(),
            code: code.clone(),
            text,
            sent_at: now,
        });
        self.sent_codes.insert((purpose, username.to_string()), SentCode { code, expires_at: now + lifetime(purpose) });
    }

    /// Whether `code` is the unexpired code `username` was sent for
    /// `purpose`; a right code is used up.
    pub(crate) fn take_code(&mut self, purpose: CodePurpose, username: &str, code: &str, now: i64) -> bool {
        let key = (purpose, username.to_string());
        let ok = self.sent_codes.get(&key).is_some_and(|s| s.code == code.trim() && s.expires_at > now);
        if ok {
            self.sent_codes.remove(&key);
        }
        ok
    }
}

impl Pool {
    /// Every message sent to `to` (an email address or phone number), oldest
    /// first.
    pub fn mailbox(&self, to: &str) -> Vec<Message> {
        self.lock().mailbox.iter().filter(|m| m.to == to).cloned().collect()
    }

    /// The code in the latest message sent to `to`.
    pub fn last_code(&self, to: &str) -> Option<String> {
        self.lock().mailbox.iter().rev().find(|m| m.to == to).map(|m| m.code.clone())
    }

    /// Forgets every message sent.
    pub fn clear_mailbox(&self) {
        self.lock().mailbox.clear();
    }
}
