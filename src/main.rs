//! The binary Trunk builds: it only mounts the app.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(cognito_login::ui::App);
}
