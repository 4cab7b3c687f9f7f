//! The binary Trunk builds: it only mounts the app.

fn main() {
    cognito_login::browser::panic::install();
    leptos::mount::mount_to_body(cognito_login::ui::App);
}
