"""Where a deploy goes and whether it may (./x deploy, deploy/deploy.py):
the AWS session and its region, the CloudFormation stack's parameters
checked against config.json and the Content Security Policy, and the
Cognito domain, from config.json or found by OIDC discovery."""

import json
import os
import re
import urllib.request

from aws_errors import AwsError, DeployError, aws

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
