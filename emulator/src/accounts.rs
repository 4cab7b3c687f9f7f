//! What an administrator does to users (docs/COGNITO.md "Disabled users and
//! global sign-out"): disable or enable them, sign them out everywhere, and
//! read the codes a test needs to get through MFA.

use crate::state::{Inner, Pool};

impl Inner {
    /// Ends `username`'s hosted sessions and revokes its refresh tokens (and,
    /// at userInfo, the access tokens issued with them).
    pub(crate) fn sign_out_everywhere(&mut self, username: &str) {
        self.sessions.retain(|_, s| s.username != username);
        let jtis: Vec<String> = self
            .refresh_tokens
            .values_mut()
            .filter(|r| r.username == username)
            .map(|r| {
                r.revoked = true;
                r.origin_jti.clone()
            })
            .collect();
        self.revoked_origin_jtis.extend(jtis);
    }
}

impl Pool {
    /// Disables (`false`, like `AdminDisableUser`) or enables a user. A
    /// disabled user cannot sign in ("User is disabled.") and its refresh
    /// tokens answer `invalid_grant`. `false` when there is no such user.
    pub fn set_user_enabled(&self, username: &str, enabled: bool) -> bool {
        let mut inner = self.lock();
        let Some(user) = inner.user_mut(username) else { return false };
        user.config.enabled = enabled;
        if !enabled {
            inner.sessions.retain(|_, s| s.username != username);
        }
        true
    }

    /// Signs one user out everywhere, like `AdminUserGlobalSignOut`: its
    /// refresh tokens answer `invalid_grant` from now on and its hosted
    /// sessions end; other users keep theirs. `false` when there is no such
    /// user.
    pub fn global_sign_out(&self, username: &str) -> bool {
        let mut inner = self.lock();
        if inner.user(username).is_none() {
            return false;
        }
        inner.sign_out_everywhere(username);
        true
    }

    /// The TOTP code an authenticator app would show now (emulator clock)
    /// for a user with `mfa: "totp"`.
    pub fn totp_code(&self, username: &str) -> Option<String> {
        let secret = self.lock().user(username)?.config.totp_secret.clone()?;
        let key = crate::totp::base32_decode(&secret)?;
        Some(crate::totp::code_at(&key, self.now()))
    }
}
