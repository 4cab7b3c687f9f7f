//! The login page this repository deploys: its pages (`ui/`) are built on
//! the `cognito_login` library's public API only; this file mounts them.

mod ui;

fn main() {
    cognito_login::browser::panic::install();
    leptos::mount::mount_to_body(ui::App);
}
