//! The production hosting, locally: the real deploy command uploads a build
//! to a local S3 (moto in server mode on 127.0.0.1), and a small "edge"
//! serves it the way CloudFront does with our template: the CloudFront
//! Function (`deploy/viewer-request.js`, run by Node) rewrites the request,
//! then the object is served from S3 as it is (its `Content-Type` and
//! `Cache-Control`; S3's errors stay errors, no other fallback), with the
//! response headers policy's security headers and the generated CSP.
//!
//! Needs `MOTO_SERVER` and `DEPLOY_PYTHON` (set by `./x test`).

use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Request, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use http_body_util::BodyExt;
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use tokio::net::TcpListener;
use tokio::sync::watch;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn tool(var: &str) -> Result<String, String> {
    std::env::var(var).map_err(|_| format!("${var} is not set: run the end-to-end tests through ./x test"))
}

/// A moto server (local S3, CloudFront, CloudFormation) on a free loopback
/// port; stopped on drop.
pub struct Moto {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub endpoint: String,
}

impl Moto {
    /// Starts `$MOTO_SERVER` and waits until it answers.
    pub fn start() -> Result<Moto, String> {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let server = tool("MOTO_SERVER")?;
        let child = Command::new(&server)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {server}: {e}"))?;
        let moto = Moto { child, endpoint: format!("http://127.0.0.1:{port}") };
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err("moto_server did not start listening".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(moto)
    }

    fn python(&self) -> Result<Command, String> {
        let mut c = Command::new(tool("DEPLOY_PYTHON")?);
        c.current_dir(repo_root())
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_REGION", "us-east-1")
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .env("AWS_EC2_METADATA_DISABLED", "true");
        Ok(c)
    }

    /// Creates a bucket (what the CloudFormation stack does in AWS).
    pub fn create_bucket(&self, bucket: &str) -> Result<(), String> {
        let script = format!(
            "import boto3; boto3.client('s3', endpoint_url='{}').create_bucket(Bucket='{bucket}')",
            self.endpoint
        );
        run(self.python()?.args(["-c", &script]))
    }

    /// Runs the deploy command (`deploy/deploy.py`, as `./x deploy` does
    /// after building and computing the CSP) against this server.
    pub fn deploy(&self, bucket: &str, dist: &Path, config: &str, public_url: &str, csp: &str) -> Result<(), String> {
        // One file per moto server: tests deploy in parallel.
        let port = self.endpoint.rsplit(':').next().unwrap_or_default();
        let file =
            std::env::temp_dir().join(format!("cognito-login-deploy-{}-{port}-{bucket}.json", std::process::id()));
        std::fs::write(&file, config).map_err(|e| e.to_string())?;
        let mut command = self.python()?;
        command.arg("deploy/deploy.py").args(["--bucket", bucket, "--public-url", public_url, "--csp", csp]);
        command.arg("--config").arg(&file).arg("--dist").arg(dist).args(["--endpoint-url", &self.endpoint]);
        let result = run(&mut command);
        let _ = std::fs::remove_file(&file);
        result
    }
}

fn run(command: &mut Command) -> Result<(), String> {
    let out = command.output().map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{command:?} failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The CloudFront Function, run by Node (`deploy/test/rewrite-server.mjs`).
struct Rewriter {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl Rewriter {
    fn start(base_path: &str) -> Result<Rewriter, String> {
        let mut child = Command::new("node")
            .arg(repo_root().join("deploy/test/rewrite-server.mjs"))
            .arg(base_path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start node: {e}"))?;
        let input = child.stdin.take().unwrap();
        let output = BufReader::new(child.stdout.take().unwrap());
        Ok(Rewriter { child, input, output })
    }

    fn rewrite(&mut self, uri: &str) -> Result<String, String> {
        writeln!(self.input, "{uri}").map_err(|e| e.to_string())?;
        let mut line = String::new();
        self.output.read_line(&mut line).map_err(|e| e.to_string())?;
        Ok(line.trim_end().to_string())
    }
}

impl Drop for Rewriter {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Clone)]
struct EdgeState {
    s3: String,
    bucket: String,
    csp: String,
    rewriter: Arc<Mutex<Rewriter>>,
    client: Client<HttpConnector, Body>,
}

/// The local CloudFront: function, then S3, then the response headers.
pub struct Edge {
    /// `http://localhost:PORT`.
    pub origin: String,
    shutdown: watch::Sender<bool>,
}

impl Edge {
    /// Binds a free port first, so the app's URLs are known before deploy.
    pub async fn bind() -> (TcpListener, String) {
        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await.unwrap();
        let origin = format!("http://localhost:{}", listener.local_addr().unwrap().port());
        (listener, origin)
    }

    /// Serves `bucket` on `moto` through the function for `base_path`.
    pub fn serve(
        listener: TcpListener,
        origin: String,
        moto: &Moto,
        bucket: &str,
        base_path: &str,
        csp: &str,
    ) -> Result<Edge, String> {
        let state = EdgeState {
            s3: moto.endpoint.clone(),
            bucket: bucket.to_string(),
            csp: csp.to_string(),
            rewriter: Arc::new(Mutex::new(Rewriter::start(base_path)?)),
            client: Client::builder(hyper_util::rt::TokioExecutor::new()).build_http(),
        };
        let router = Router::new().fallback(edge).with_state(state);
        Ok(Edge { origin, shutdown: crate::server::spawn_server(listener, router) })
    }

    /// An absolute URL on this site.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }
}

impl Drop for Edge {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}

async fn edge(State(site): State<EdgeState>, uri: Uri) -> Response {
    let rewritten = match site.rewriter.lock().unwrap().rewrite(uri.path()) {
        Ok(u) => u,
        Err(e) => return (StatusCode::BAD_GATEWAY, e).into_response(),
    };
    // The function answered by itself.
    if let Some(status) = rewritten.strip_prefix('!') {
        let status = status.parse().ok().and_then(|s| StatusCode::from_u16(s).ok());
        return status.unwrap_or(StatusCode::BAD_GATEWAY).into_response();
    }
    let url = format!("{}/{}{}", site.s3, site.bucket, rewritten);
    // CloudFront reaches the private bucket through Origin Access Control,
    // which signs each request with SigV4. moto checks that a request is
    // authenticated (an anonymous GET gets 403, as from S3) but not the
    // signature itself, so a SigV4-shaped header stands in for OAC here.
    let request = Request::get(&url)
        .header(
            header::AUTHORIZATION,
            "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0",
        )
        .body(Body::empty())
        .unwrap();
    let answer = match site.client.request(request).await {
        Ok(a) => a,
        Err(e) => return (StatusCode::BAD_GATEWAY, e.to_string()).into_response(),
    };
    let status = answer.status();
    let headers = answer.headers().clone();
    let body = answer.into_body().collect().await.map(|b| b.to_bytes()).unwrap_or_default();
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    for name in [header::CONTENT_TYPE, header::CACHE_CONTROL] {
        if let Some(v) = headers.get(&name) {
            response.headers_mut().insert(name, v.clone());
        }
    }
    // The template's response headers policy (HSTS only means something
    // over HTTPS; it is sent anyway, as CloudFront would).
    let security = [
        ("content-security-policy", site.csp.as_str()),
        ("strict-transport-security", "max-age=63072000; includeSubDomains"),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "DENY"),
    ];
    for (name, value) in security {
        response.headers_mut().insert(name, HeaderValue::from_str(value).unwrap());
    }
    response
}
