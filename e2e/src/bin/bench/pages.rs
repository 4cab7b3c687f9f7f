//! The pages the bench compares against or opens first: the floor page (a
//! static page with the app's stylesheet and one "Sign in" button).

use std::path::PathBuf;

use e2e::size::first_load_files;

/// The floor page: a static `index.html` of the same size class with one
/// "Sign in" button and the app's stylesheet, no script, served the same way.
pub fn floor_page(dist: &std::path::Path) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cognito-login-floor-page-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("floor page directory");
    let index = std::fs::read_to_string(dist.join("index.html")).expect("dist/index.html");
    let css = first_load_files(&index).into_iter().find(|f| f.ends_with(".css")).expect("the app's stylesheet");
    std::fs::copy(dist.join(&css), dir.join(&css)).expect("copy the stylesheet");
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n  <head>\n    <meta charset=\"utf-8\" />\n    \
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n    <title>Sign in</title>\n    \
         <link rel=\"icon\" href=\"data:,\" />\n    <link rel=\"stylesheet\" href=\"/{css}\" />\n  </head>\n  <body>\n    \
         <header class=\"site-header\"><a class=\"brand\" href=\"/\"><span class=\"name\">Cognito Login</span></a>\
         <nav class=\"account\" aria-label=\"Account\"><button class=\"button primary\" type=\"button\">Sign in</button></nav></header>\n    \
         <main class=\"content\"><section class=\"card landing\"><h1>Cognito Login</h1><p>You are signed out.</p></section></main>\n  \
         </body>\n</html>\n"
    );
    std::fs::write(dir.join("index.html"), html).expect("floor index.html");
    dir
}
