#!/usr/bin/env python3
"""Uploads a built Cognito Login (dist/) and its config.json to the S3 bucket
behind CloudFront, in an order that never breaks a visitor, then invalidates
the two files that are not content-hashed. Run it through `./x deploy`, which
builds the release for the sub-path, validates config.json with the app's own
validator and computes the Content Security Policy first (see the README's
"Deploy to AWS").

It uses the AWS SDK for Python (boto3) with the usual credential chain
(AWS_PROFILE, environment, SSO...). The region is --region, else AWS_REGION
(what the AWS CLI v2 and most SDKs read), else AWS_DEFAULT_REGION (what boto3
reads), else the profile's; the deploy says which. Order of a deploy:

1. every content-hashed asset (cached for a year, never changed in place);
2. config.json (or amplify_outputs.json: --upload-as), then index.html (both
   "no-cache"): a visitor never gets an index.html that points at assets not
   uploaded yet;
3. the release manifest (.cognito-login/releases.json under the prefix);
4. deletion of assets no release still needs: the assets of the last
   --keep-releases releases (at least 2) and of every release younger than
   24 hours stay, so open tabs keep working; only keys that an earlier
   deploy uploaded are ever deleted;
5. a CloudFront invalidation of index.html and config.json. With
   amplify_outputs.json, config.json is deleted (the app reads
   amplify_outputs.json only when config.json answers 404) and invalidated too.

--dry-run prints this plan and changes nothing.

Exit codes: 0 deployed (or dry run); 1 something to fix before anything was
changed (config.json, the build, the stack's parameters); 2 usage; 3 AWS
refused or could not be reached (region, credentials, permissions, stack not
found), before anything was changed; 4 the release is live but cleaning up or
invalidating failed (the message says what to do by hand).

`deploy.py discover --config config.json` prints the Cognito origins found by
discovery for a config.json without `domain` (./x deploy adds them to the
Content Security Policy).
"""

import argparse
import datetime as dt
import json
import mimetypes
import os
import re
import sys
import time
import urllib.request
import uuid

IMMUTABLE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"
# The names the app reads its configuration under, in its order.
CONFIG_NAMES = ("config.json", "amplify_outputs.json")
MANIFEST = ".cognito-login/releases.json"
KEEP_FOR = dt.timedelta(hours=24)
# Trunk names built files NAME-<hash>.EXT, the hash a 64-bit number in hex
# without zero padding: 16 digits, or fewer when it starts with zeros (one
# build in sixteen has 15). Fewer than 8 is one build in four billion; such a
# file is merely not cached.
HASHED = re.compile(r"-[0-9a-f]{8,16}(_bg)?\.[A-Za-z0-9]+$")
TYPES = {
    ".wasm": "application/wasm",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
    ".webmanifest": "application/manifest+json",
}


from aws_errors import ACTIONS, AwsError, DeployError, PartialDeploy, aws  # noqa: E402,F401  (deploy/aws_errors.py)


def content_type(name):
    ext = os.path.splitext(name)[1].lower()
    return TYPES.get(ext) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def cache_control(name):
    return IMMUTABLE if HASHED.search(name) else NO_CACHE


def normalise_base_path(path):
    if not path.startswith("/"):
        path = "/" + path
    if not path.endswith("/"):
        path += "/"
    if "//" in path or ".." in path:
        raise DeployError(f"--public-url {path!r} is not a clean path like / or /login/")
    return path


def dist_files(dist):
    files = []
    for root, _dirs, names in os.walk(dist):
        for name in names:
            full = os.path.join(root, name)
            files.append(os.path.relpath(full, dist).replace(os.sep, "/"))
    return sorted(files)


def check_dist(dist, base_path):
    index = os.path.join(dist, "index.html")
    if not os.path.isfile(index):
        raise DeployError(f"{dist} has no index.html: build the app first (./x deploy does)")
    with open(index, encoding="utf-8") as f:
        html = f.read()
    wasm = re.search(r'href="([^"]*_bg\.wasm)"', html)
    if not wasm:
        raise DeployError(f"{index} does not load the app's WebAssembly: is it a Trunk build of this app?")
    if not wasm.group(1).startswith(base_path):
        raise DeployError(
            f"{index} was built for another path ({wasm.group(1)!r} is not under {base_path!r}): "
            f"build with trunk build --release --public-url {base_path}"
        )


def expected_issuer(config):
    if config.get("issuer"):
        return config["issuer"].rstrip("/")
    pool = config["userPoolId"]
    return f"https://cognito-idp.{pool.split('_', 1)[0]}.amazonaws.com/{pool}"


def choose_region(explicit, environ):
    """The region asked for and where it came from: --region, then
    AWS_REGION, then AWS_DEFAULT_REGION; (None, None) leaves it to the
    profile."""
    if explicit:
        return explicit, "--region"
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        if environ.get(name, "").strip():
            return environ[name].strip(), name
    return None, None


def aws_session(profile, explicit_region, environ=os.environ):
    """A boto3 session with its region chosen as choose_region says, else the
    profile's `region`, and a sentence saying which it is."""
    import boto3  # here so --help works without it

    region, source = choose_region(explicit_region, environ)
    session = aws("Reading", "the AWS profile", lambda: boto3.session.Session(profile_name=profile,
                                                                               region_name=region))
    if region is None:
        region = session.region_name
        source = f"the region of AWS profile {session.profile_name!r}"
    if not region:
        raise AwsError("no AWS region is set. Pass --region REGION (the region the stack or bucket is in), set "
                       f"AWS_REGION, or set a region in AWS profile {session.profile_name!r}.")
    return session, region, f"Region {region}, from {source}."


def read_stack(client, stack, region):
    found = aws("DescribeStacks", f"stack {stack!r}",
                lambda: client("cloudformation").describe_stacks(StackName=stack)["Stacks"][0], region)
    params = {p["ParameterKey"]: p.get("ParameterValue", "") for p in found.get("Parameters", [])}
    outputs = {o["OutputKey"]: o["OutputValue"] for o in found.get("Outputs", [])}
    return params, outputs


def discover(config, timeout=10):
    """The hosted UI origin from the issuer's discovery document, for a
    config.json without `domain` (the app finds its endpoints the same way)."""
    url = expected_issuer(config) + "/.well-known/openid-configuration"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            doc = json.load(answer)
    except (OSError, ValueError) as e:
        raise DeployError(f"config.json has no `domain`, and discovery at {url} failed ({e}): set `domain` "
                          "to the user pool's Cognito domain, or check `userPoolId`/`issuer`") from None
    endpoint = doc.get("authorization_endpoint") or ""
    match = re.match(r"^(https?://[^/]+)/", endpoint)
    if not match:
        raise DeployError(f"{url} names no authorization endpoint: the user pool has no domain yet. Create one "
                          "(Cognito console → Branding → Domain) and set `domain` in config.json")
    return match.group(1)


def cognito_domain(config):
    """config.json's `domain`, or the one discovery finds."""
    return (config.get("domain") or "").rstrip("/") or discover(config)


def check_stack(stack, params, config, csp, base_path):
    """The stack must serve this config: same Cognito origins, sub-path and
    the policy computed from this config.json (the one source)."""
    wanted = {
        "CognitoDomain": cognito_domain(config),
        "Issuer": expected_issuer(config),
        "ApiBaseUrl": (config.get("apiBaseUrl") or "").rstrip("/"),
        "BasePath": base_path,
        "ContentSecurityPolicy": csp,
    }
    wrong = {k: v for k, v in wanted.items() if params.get(k, "").rstrip("/") != v.rstrip("/")}
    if wrong:
        overrides = " ".join(f"{k}={json.dumps(v)}" for k, v in sorted(wrong.items()))
        lines = "\n".join(f"  {k}: stack has {params.get(k, '')!r}, config.json needs {v!r}" for k, v in wrong.items())
        raise DeployError(
            f"the stack {stack!r} does not match this config.json:\n{lines}\n"
            "Update the stack first (nothing was uploaded):\n"
            f"  aws cloudformation deploy --stack-name {stack} --template-file deploy/template.yaml "
            f"--parameter-overrides {overrides}"
        )


def load_manifest(s3, bucket, prefix, region):
    """The releases earlier deploys recorded ([] before the first one)."""
    from botocore.exceptions import ClientError

    def read():
        try:
            return s3.get_object(Bucket=bucket, Key=prefix + MANIFEST)["Body"].read()
        except ClientError as e:
            if e.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                return None
            raise

    body = aws("GetObject", f"s3://{bucket}/{prefix}{MANIFEST}", read, region)
    if body is None:
        return []
    try:
        return json.loads(body).get("releases", [])
    except (ValueError, AttributeError):
        raise DeployError(f"s3://{bucket}/{prefix}{MANIFEST} is not a release manifest: delete it, or choose "
                          "another bucket or --public-url") from None


def plan(args, files, releases, now):
    prefix = args.base_path.lstrip("/")
    assets = [f for f in files if f != "index.html" and f not in CONFIG_NAMES]
    uploads = [(prefix + f, os.path.join(args.dist, f), content_type(f), cache_control(f)) for f in assets]
    uploads.append((prefix + args.upload_as, args.config, "application/json", NO_CACHE))
    uploads.append((prefix + "index.html", os.path.join(args.dist, "index.html"), "text/html; charset=utf-8", NO_CACHE))
    release = {
        "id": now.strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6],
        "time": now.isoformat(),
        "assets": [key for key, *_ in uploads[:-2]],
    }
    history = releases + [release]
    keep = history[-max(args.keep_releases, 2):]
    keep += [r for r in history if now - dt.datetime.fromisoformat(r["time"]) < KEEP_FOR and r not in keep]
    needed = {key for r in keep for key in r["assets"]}
    uploaded_before = {key for r in history for key in r["assets"]}
    deletions = sorted(uploaded_before - needed)
    kept = [r for r in history if r in keep]
    amplify = args.upload_as != CONFIG_NAMES[0]
    # An old config.json would hide the amplify_outputs.json uploaded now.
    deletions += [prefix + CONFIG_NAMES[0]] if amplify else []
    invalidate = ["/" + prefix + n for n in ("index.html",) + (CONFIG_NAMES if amplify else CONFIG_NAMES[:1])]
    return uploads, release, kept, deletions, invalidate


def print_plan(args, uploads, release, kept, deletions, invalidate):
    where = f"s3://{args.bucket}/{args.base_path.lstrip('/')}"
    print(f"Release {release['id']} to {where}")
    print("Upload, in this order:")
    for key, _src, ctype, cache in uploads:
        print(f"  {key}  [{ctype}; {cache}]")
    print(f"Then write {args.base_path.lstrip('/')}{MANIFEST} ({len(kept)} releases kept: "
          f"{', '.join(r['id'] for r in kept)})")
    if deletions:
        print("Then delete assets no kept release needs:")
        for key in deletions:
            print(f"  {key}")
    else:
        print("Nothing to delete.")
    if args.distribution:
        print(f"Then invalidate on CloudFront distribution {args.distribution}: {' '.join(invalidate)}")
    else:
        print("No CloudFront distribution given: nothing to invalidate.")


def deploy(args):
    args.base_path = normalise_base_path(args.public_url)
    check_dist(args.dist, args.base_path)
    try:
        with open(args.settings or args.config, encoding="utf-8") as f:
            config = json.load(f)
    except (OSError, ValueError) as e:
        raise DeployError(f"cannot read {args.settings or args.config}: {e}") from e
    session, region, said = aws_session(args.profile, args.region)
    print(said)
    clients = {}

    def client(name):
        if name not in clients:
            # CloudFront is global; its API lives in us-east-1.
            where = "us-east-1" if name == "cloudfront" else region
            clients[name] = aws("Connecting to", name, lambda: session.client(
                name, endpoint_url=args.endpoint_url, region_name=where), region)
        return clients[name]

    if args.stack:
        params, outputs = read_stack(client, args.stack, region)
        check_stack(args.stack, params, config, args.csp, args.base_path)
        args.bucket = args.bucket or outputs.get("BucketName")
        args.distribution = args.distribution or outputs.get("DistributionId")
    if not args.bucket:
        raise DeployError("say where to upload: --stack STACK_NAME, or --bucket BUCKET [--distribution ID]")
    s3 = client("s3")
    prefix = args.base_path.lstrip("/")
    now = dt.datetime.now(dt.timezone.utc)
    releases = load_manifest(s3, args.bucket, prefix, region)
    uploads, release, kept, deletions, invalidate = plan(args, dist_files(args.dist), releases, now)
    print_plan(args, uploads, release, kept, deletions, invalidate)
    if args.dry_run:
        print("Dry run: nothing was changed.")
        return
    for n, (key, src, ctype, cache) in enumerate(uploads):
        # Until index.html (the last upload) is in place, visitors still get
        # the previous release: a failure here changes nothing they see.
        failure = PartialDeploy if n == len(uploads) - 1 else AwsError

        def put(key=key, src=src, ctype=ctype, cache=cache):
            with open(src, "rb") as body:
                s3.put_object(Bucket=args.bucket, Key=key, Body=body, ContentType=ctype, CacheControl=cache)

        aws("PutObject", f"s3://{args.bucket}/{key}", put, region, failure)
        print(f"uploaded {key}")
    manifest = json.dumps({"releases": kept}, indent=2).encode()
    aws("PutObject", f"s3://{args.bucket}/{prefix}{MANIFEST}",
        lambda: s3.put_object(Bucket=args.bucket, Key=prefix + MANIFEST, Body=manifest,
                              ContentType="application/json", CacheControl=NO_CACHE), region, PartialDeploy)
    failed = []
    for start in range(0, len(deletions), 1000):
        batch = [{"Key": k} for k in deletions[start:start + 1000]]
        answer = aws("DeleteObjects", f"s3://{args.bucket}",
                     lambda batch=batch: s3.delete_objects(Bucket=args.bucket,
                                                           Delete={"Objects": batch, "Quiet": True}),
                     region, PartialDeploy)
        failed += [(e.get("Key", ""), e.get("Code", ""), e.get("Message", "")) for e in answer.get("Errors", [])]
    not_deleted = {key for key, _, _ in failed}
    for key in deletions:
        if key not in not_deleted:
            print(f"deleted {key}")
    if args.distribution:
        answer = aws("CreateInvalidation", f"distribution {args.distribution}", lambda: client("cloudfront")
                     .create_invalidation(DistributionId=args.distribution, InvalidationBatch={
                         "Paths": {"Quantity": len(invalidate), "Items": invalidate},
                         "CallerReference": f"cognito-login-{release['id']}-{time.time_ns()}",
                     }), region, PartialDeploy)
        print(f"invalidation {answer['Invalidation']['Id']} created for {' '.join(invalidate)}")
    if failed:
        lines = "\n".join(f"  {key}: {code} {message}".rstrip() for key, code, message in failed)
        raise PartialDeploy(f"release {release['id']} is live, but {len(failed)} old asset(s) could not be deleted "
                            f"(the deploy identity needs s3:DeleteObject):\n{lines}\nThey are harmless; delete "
                            "them by hand, or the next deploy will try again.")
    print(f"Deployed release {release['id']}.")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["discover"]:
        return discover_command(argv[1:])
    p = argparse.ArgumentParser(prog="./x deploy", description=__doc__.split("\n\n")[0])
    p.add_argument("--config", required=True, help="the environment's config.json or amplify_outputs.json")
    p.add_argument("--upload-as", choices=CONFIG_NAMES, default=CONFIG_NAMES[0], help="the name --config is uploaded as")
    p.add_argument("--settings", help="--config as config.json settings, for the checks (default: --config itself)")
    p.add_argument("--stack", help="the CloudFormation stack from deploy/template.yaml (gives bucket, distribution)")
    p.add_argument("--bucket", help="the S3 bucket (instead of --stack)")
    p.add_argument("--distribution", help="the CloudFront distribution ID to invalidate (instead of --stack)")
    p.add_argument("--public-url", default="/", help="the sub-path the app is served under (default /)")
    p.add_argument("--keep-releases", type=int, default=2, help="releases whose assets stay (at least 2)")
    p.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    p.add_argument("--dist", required=True, help="the Trunk build to upload (./x deploy builds it)")
    p.add_argument("--csp", required=True, help="the Content Security Policy computed from --config")
    p.add_argument("--region", help="the AWS region of the stack or bucket (default: AWS_REGION, "
                   "then AWS_DEFAULT_REGION, then the profile's)")
    p.add_argument("--profile", help="the AWS profile to use (default: AWS_PROFILE or the default chain)")
    p.add_argument("--endpoint-url", help="an S3/CloudFront-compatible endpoint (tests use a local moto server)")
    args = p.parse_args(argv)
    try:
        deploy(args)
    except DeployError as e:
        print(f"deploy: {e}", file=sys.stderr)
        return e.code
    return 0


def discover_command(argv):
    """Prints the Cognito origin discovery finds when config.json has no
    `domain` (nothing when it has one)."""
    p = argparse.ArgumentParser(prog="deploy.py discover")
    p.add_argument("--config", required=True)
    args = p.parse_args(argv)
    try:
        with open(args.config, encoding="utf-8") as f:
            config = json.load(f)
        if not config.get("domain"):
            print(discover(config))
    except (OSError, ValueError) as e:
        print(f"deploy: cannot read {args.config}: {e}", file=sys.stderr)
        return 1
    except DeployError as e:
        print(f"deploy: {e}", file=sys.stderr)
        return e.code
    return 0


if __name__ == "__main__":
    sys.exit(main())
