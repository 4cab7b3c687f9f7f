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

This file is the command and the deploy's steps; upload_plan.py says what is
uploaded, in which order, and what may be deleted; stack_checks.py finds the
region, reads the stack and checks it against config.json; aws_errors.py
turns AWS failures into one line each.

`deploy.py discover --config config.json` prints the Cognito origins found by
discovery for a config.json without `domain` (./x deploy adds them to the
Content Security Policy).
"""

import argparse
import datetime as dt
import json
import sys
import time

from aws_errors import AwsError, DeployError, PartialDeploy, aws
from stack_checks import aws_session, check_stack, discover, read_stack
from upload_plan import (CONFIG_NAMES, MANIFEST, NO_CACHE, check_dist, dist_files, load_manifest,
                         normalise_base_path, plan, print_plan)


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
