"""What a deploy uploads and keeps (./x deploy, deploy/deploy.py): the
build's files with their content types and caching, the release manifest
earlier deploys left in the bucket, and the plan: the upload order that
never breaks a visitor, and which old assets may go."""

import datetime as dt
import json
import mimetypes
import os
import re
import uuid

from aws_errors import DeployError, aws

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
