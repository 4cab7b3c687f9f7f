// CloudFront Function (viewer request, runtime cloudfront-js-2.0): serves the
// single-page app's index.html for the app's own routes (/callback, /setup,
// deep links), which S3 does not know. Everything with a file extension in
// its last path segment (assets, config.json) goes to S3 unchanged; nothing
// else falls back (S3's 404 stays an error, so a missing asset is never
// answered with HTML, and a missing config.json is a 404: the app then reads
// amplify_outputs.json).
//
// BASE_PATH is the sub-path the app is hosted under ("/" or e.g. "/login/");
// the CloudFormation template substitutes it (Fn::Sub), and the tests do the
// same. Paths outside it are left alone. The query string is never touched
// (it is a separate field of the event).
//
// "Has a file extension": the last segment ends in "." plus 1 to 8 letters
// or digits with at least one letter (index.html, app-1a2b.wasm, logo.svg).
// So "/.well-known/x" and "/reports/v1.2" are app routes (rewritten), and
// "/.well-known/security.txt" is a file.
var BASE_PATH = "${BasePath}";

function hasExtension(uri) {
  var last = uri.substring(uri.lastIndexOf("/") + 1);
  var dot = last.lastIndexOf(".");
  if (dot < 0) {
    return false;
  }
  var ext = last.substring(dot + 1);
  return /^[A-Za-z0-9]{1,8}$/.test(ext) && /[A-Za-z]/.test(ext);
}

function handler(event) {
  var request = event.request;
  var uri = request.uri;
  // The deploy's release manifest (.cognito-login/releases.json) is for
  // ./x deploy only: never served to viewers.
  if (uri.indexOf("/.cognito-login/") >= 0) {
    return { statusCode: 404, statusDescription: "Not Found" };
  }
  var base = BASE_PATH.charAt(BASE_PATH.length - 1) === "/" ? BASE_PATH : BASE_PATH + "/";
  var inside = uri.indexOf(base) === 0 || uri + "/" === base;
  if (inside && !hasExtension(uri)) {
    request.uri = base + "index.html";
  } else if (uri === "/") {
    // The bucket's root would be a listing (CloudFront may list, so that a
    // missing file is a 404): never sent to S3.
    return { statusCode: 404, statusDescription: "Not Found" };
  }
  return request;
}
