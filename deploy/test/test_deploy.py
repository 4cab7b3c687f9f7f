"""The deploy command against a local S3/CloudFront/CloudFormation server
(moto in server mode on 127.0.0.1, dummy credentials): object types and
caching, upload order (from moto's request recorder), old releases kept and
cleaned up, sub-paths, dry runs and the stack check. Run by `./x test`:

    python -m unittest discover -s deploy/test -p 'test_*.py'
"""

import contextlib
import datetime as dt
import http.server
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.request
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import aws_errors  # noqa: E402  (deploy/aws_errors.py)
import deploy  # noqa: E402  (deploy/deploy.py)
import stack_checks  # noqa: E402  (deploy/stack_checks.py)
import upload_plan  # noqa: E402  (deploy/upload_plan.py)

import boto3  # noqa: E402
import botocore.client  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' https://a.example"
CONFIG = {"userPoolId": "us-east-1_Example", "clientId": "abc", "domain": "https://a.example"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fake_dist(root, base_path, digest):
    """A Trunk-shaped build: content-hashed assets and an index.html that
    loads them from base_path."""
    os.makedirs(root)
    names = {
        "wasm": f"cognito-login-{digest}_bg.wasm",
        "js": f"cognito-login-{digest}.js",
        "css": f"main-{digest}.css",
        "boot": f"boot-{digest}.js",
    }
    for kind, name in names.items():
        with open(os.path.join(root, name), "wb") as f:
            f.write(f"{kind} {digest}".encode())
    with open(os.path.join(root, "index.html"), "w") as f:
        f.write(
            f'<html><head><link rel="stylesheet" href="{base_path}{names["css"]}">'
            f'<script src="{base_path}{names["boot"]}" type="module"></script>'
            f'<link rel="modulepreload" href="{base_path}{names["js"]}">'
            f'<link rel="preload" href="{base_path}{names["wasm"]}" as="fetch"></head><body></body></html>'
        )
    return names


class HashedAssets(unittest.TestCase):
    def test_trunk_hashes_without_zero_padding_are_recognised(self):
        for name in ["cognito-login-1fc4dcb0e436eb78_bg.wasm", "cognito-login-b11a72241997839.js",
                     "main-1fc4dcb0e436eb7.css"]:
            self.assertEqual(upload_plan.cache_control(name), upload_plan.IMMUTABLE, name)
        for name in ["index.html", "config.json", "logo-bad.svg", "main-xyz.css", "a-1234567.js"]:
            self.assertEqual(upload_plan.cache_control(name), upload_plan.NO_CACHE, name)


class DeployAgainstMoto(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="cognito-login-deploy-")
        cls.recording = os.path.join(cls.tmp, "recording.jsonl")
        port = free_port()
        cls.endpoint = f"http://127.0.0.1:{port}"
        env = dict(os.environ, MOTO_ENABLE_RECORDING="True", MOTO_RECORDER_FILEPATH=cls.recording)
        server = os.path.join(os.path.dirname(sys.executable), "moto_server")
        cls.moto = subprocess.Popen([server, "-H", "127.0.0.1", "-p", str(port)], env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while True:
            try:
                urllib.request.urlopen(cls.endpoint + "/moto-api/", timeout=1)
                break
            except Exception:
                if time.time() > deadline:
                    raise RuntimeError("moto_server did not start")
                time.sleep(0.2)
        # Both region variables: the deploy reads AWS_REGION first, and the
        # operator's own must not leak in.
        for k, v in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1",
                     "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true"}.items():
            os.environ[k] = v
        cls.s3 = boto3.client("s3", endpoint_url=cls.endpoint)
        cls.config = os.path.join(cls.tmp, "config.json")
        with open(cls.config, "w") as f:
            json.dump(CONFIG, f)

    @classmethod
    def tearDownClass(cls):
        cls.moto.terminate()
        cls.moto.wait()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        self.bucket = f"site-{self._testMethodName.replace('_', '-')[:40]}"
        self.s3.create_bucket(Bucket=self.bucket)

    def run_deploy(self, dist, *extra):
        out, err = io.StringIO(), io.StringIO()
        args = ["--bucket", self.bucket, "--config", self.config, "--dist", dist, "--csp", CSP,
                "--endpoint-url", self.endpoint, *extra]
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = deploy.main(args)
        return code, out.getvalue(), err.getvalue()

    def keys(self):
        answer = self.s3.list_objects_v2(Bucket=self.bucket)
        return sorted(o["Key"] for o in answer.get("Contents", []))

    def head(self, key):
        return self.s3.head_object(Bucket=self.bucket, Key=key)

    def distribution(self):
        cf = boto3.client("cloudfront", endpoint_url=self.endpoint)
        config = {
            "CallerReference": self._testMethodName,
            "Origins": {"Quantity": 1, "Items": [{"Id": "s3", "DomainName": f"{self.bucket}.s3.amazonaws.com",
                                                  "S3OriginConfig": {"OriginAccessIdentity": ""}}]},
            "DefaultCacheBehavior": {"TargetOriginId": "s3", "ViewerProtocolPolicy": "redirect-to-https",
                                     "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"},
            "Comment": "test",
            "Enabled": True,
        }
        return cf, cf.create_distribution(DistributionConfig=config)["Distribution"]["Id"]

    def test_every_object_has_its_type_and_caching_and_index_html_goes_last(self):
        dist = os.path.join(self.tmp, "a")
        names = fake_dist(dist, "/", "0123456789abcdef")
        cf, distribution = self.distribution()
        start = os.path.getsize(self.recording) if os.path.exists(self.recording) else 0
        code, out, err = self.run_deploy(dist, "--distribution", distribution)
        self.assertEqual(code, 0, err)
        expected = {
            names["wasm"]: ("application/wasm", upload_plan.IMMUTABLE),
            names["js"]: ("text/javascript; charset=utf-8", upload_plan.IMMUTABLE),
            names["boot"]: ("text/javascript; charset=utf-8", upload_plan.IMMUTABLE),
            names["css"]: ("text/css; charset=utf-8", upload_plan.IMMUTABLE),
            "config.json": ("application/json", "no-cache"),
            "index.html": ("text/html; charset=utf-8", "no-cache"),
        }
        for key, (ctype, cache) in expected.items():
            h = self.head(key)
            self.assertEqual((h["ContentType"], h["CacheControl"]), (ctype, cache), key)
        body = self.s3.get_object(Bucket=self.bucket, Key="config.json")["Body"].read()
        self.assertEqual(json.loads(body), CONFIG)

        # The order the server received the uploads in.
        with open(self.recording) as f:
            f.seek(start)
            puts = [json.loads(line) for line in f if line.strip()]
        order = [e["url"].split(f"/{self.bucket}/", 1)[1].split("?")[0] for e in puts
                 if e["method"] == "PUT" and f"/{self.bucket}/" in e["url"]]
        self.assertEqual(order[-3:], ["config.json", "index.html", upload_plan.MANIFEST], order)
        self.assertEqual(sorted(order[:-3]), sorted(n for n in names.values()))

        invalidations = cf.list_invalidations(DistributionId=distribution)["InvalidationList"]
        self.assertEqual(invalidations["Quantity"], 1)
        only = cf.get_invalidation(DistributionId=distribution, Id=invalidations["Items"][0]["Id"])
        self.assertEqual(sorted(only["Invalidation"]["InvalidationBatch"]["Paths"]["Items"]),
                         ["/config.json", "/index.html"])

    def test_an_amplify_outputs_file_is_uploaded_under_its_name_and_config_json_goes(self):
        # The checks read the settings ./x deploy derives from it (csp --settings).
        amplify = os.path.join(self.tmp, "amplify_outputs.json")
        with open(amplify, "w") as f:
            json.dump({"version": "1.4", "auth": {"user_pool_id": "us-east-1_Example"}}, f)
        dist = os.path.join(self.tmp, "amp")
        fake_dist(dist, "/", "4444444444444444")
        self.s3.put_object(Bucket=self.bucket, Key="config.json", Body=b"{}")
        cf, distribution = self.distribution()
        code, out, err = self.run_deploy(dist, "--distribution", distribution, "--config", amplify,
                                         "--upload-as", "amplify_outputs.json", "--settings", self.config)
        self.assertEqual(code, 0, err)
        self.assertNotIn("config.json", self.keys())
        h = self.head("amplify_outputs.json")
        self.assertEqual((h["ContentType"], h["CacheControl"]), ("application/json", "no-cache"))
        body = self.s3.get_object(Bucket=self.bucket, Key="amplify_outputs.json")["Body"].read()
        self.assertEqual(json.loads(body)["version"], "1.4")
        invalidations = cf.list_invalidations(DistributionId=distribution)["InvalidationList"]
        only = cf.get_invalidation(DistributionId=distribution, Id=invalidations["Items"][0]["Id"])
        self.assertEqual(sorted(only["Invalidation"]["InvalidationBatch"]["Paths"]["Items"]),
                         ["/amplify_outputs.json", "/config.json", "/index.html"])

    def test_previous_releases_stay_then_old_ones_go(self):
        a, b, c = (os.path.join(self.tmp, f"r{self.bucket}{n}") for n in "abc")
        first = fake_dist(a, "/", "aaaaaaaaaaaaaaaa")
        second = fake_dist(b, "/", "bbbbbbbbbbbbbbbb")
        third = fake_dist(c, "/", "cccccccccccccccc")
        self.s3.put_object(Bucket=self.bucket, Key="robots.txt", Body=b"not ours")
        self.assertEqual(self.run_deploy(a)[0], 0)
        self.assertEqual(self.run_deploy(b)[0], 0)
        # Open tabs of the first release keep working.
        for name in list(first.values()) + list(second.values()):
            self.assertIn(name, self.keys())
        # A day later, a third release: the first is neither among the last
        # two nor younger than 24 hours, so its assets go.
        manifest = json.loads(self.s3.get_object(Bucket=self.bucket, Key=upload_plan.MANIFEST)["Body"].read())
        old = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=2)).isoformat()
        for r in manifest["releases"]:
            r["time"] = old
        self.s3.put_object(Bucket=self.bucket, Key=upload_plan.MANIFEST, Body=json.dumps(manifest).encode())
        code, out, _ = self.run_deploy(c)
        self.assertEqual(code, 0)
        keys = self.keys()
        for name in first.values():
            self.assertNotIn(name, keys)
        for name in list(second.values()) + list(third.values()) + ["robots.txt", "index.html", "config.json"]:
            self.assertIn(name, keys)
        served = self.s3.get_object(Bucket=self.bucket, Key="index.html")["Body"].read().decode()
        self.assertIn(third["wasm"], served)

    def test_sub_path_uploads_under_the_prefix(self):
        dist = os.path.join(self.tmp, "login")
        names = fake_dist(dist, "/login/", "1111111111111111")
        code, _, err = self.run_deploy(dist, "--public-url", "/login/")
        self.assertEqual(code, 0, err)
        self.assertEqual(self.keys(), sorted(["login/" + n for n in names.values()]
                                             + ["login/config.json", "login/index.html", "login/" + upload_plan.MANIFEST]))

    def test_a_build_for_another_path_is_refused(self):
        dist = os.path.join(self.tmp, "root-build")
        fake_dist(dist, "/", "2222222222222222")
        code, _, err = self.run_deploy(dist, "--public-url", "/login/")
        self.assertEqual(code, 1)
        self.assertIn("trunk build --release --public-url /login/", err)
        self.assertEqual(self.keys(), [])

    def test_dry_run_prints_the_plan_and_changes_nothing(self):
        dist = os.path.join(self.tmp, "dry")
        names = fake_dist(dist, "/", "3333333333333333")
        code, out, _ = self.run_deploy(dist, "--dry-run")
        self.assertEqual(code, 0)
        self.assertIn("Dry run: nothing was changed.", out)
        lines = out.splitlines()
        self.assertLess(lines.index(f"  {names['wasm']}  [application/wasm; {upload_plan.IMMUTABLE}]"),
                        lines.index("  index.html  [text/html; charset=utf-8; no-cache]"))
        self.assertEqual(self.keys(), [])

    def test_the_stack_must_match_the_config(self):
        cfn = boto3.client("cloudformation", endpoint_url=self.endpoint)
        params = ["CognitoDomain", "Issuer", "ApiBaseUrl", "ContentSecurityPolicy", "BasePath"]
        template = {
            "Parameters": {p: {"Type": "String"} for p in params},
            "Resources": {"Placeholder": {"Type": "AWS::CloudFormation::WaitConditionHandle"}},
            "Outputs": {"BucketName": {"Value": self.bucket}},
        }
        stack = "login-" + self._testMethodName.replace("_", "-")[:30]
        values = {"CognitoDomain": "https://a.example", "Issuer": stack_checks.expected_issuer(CONFIG),
                  "ApiBaseUrl": "", "ContentSecurityPolicy": "default-src 'none'; an older policy", "BasePath": "/"}
        cfn.create_stack(StackName=stack, TemplateBody=json.dumps(template),
                         Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in values.items()])
        dist = os.path.join(self.tmp, "stack")
        fake_dist(dist, "/", "4444444444444444")
        args = ["--config", self.config, "--dist", dist, "--csp", CSP, "--endpoint-url", self.endpoint,
                "--stack", stack]
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            self.assertEqual(deploy.main(args), 1)
        self.assertIn("ContentSecurityPolicy", err.getvalue())
        self.assertIn(f"aws cloudformation deploy --stack-name {stack}", err.getvalue())
        self.assertEqual(self.keys(), [])

        values["ContentSecurityPolicy"] = CSP
        cfn.update_stack(StackName=stack, TemplateBody=json.dumps(template),
                         Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in values.items()])
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            self.assertEqual(deploy.main(args), 0)
        self.assertIn("index.html", self.keys())

    # What an operator meets on a fresh account: each ends in one clear
    # line and an exit code a script can rely on, never a traceback.

    def run_main(self, args, env=None):
        out, err = io.StringIO(), io.StringIO()
        set_env = {k: v for k, v in (env or {}).items() if v is not None}
        with mock.patch.dict(os.environ, set_env), contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(err):
            for key, value in (env or {}).items():
                if value is None:
                    os.environ.pop(key, None)
            code = deploy.main(args)
        return code, out.getvalue(), err.getvalue()

    def fake_stack(self, name, region, values):
        cfn = boto3.client("cloudformation", endpoint_url=self.endpoint, region_name=region)
        template = {
            "Parameters": {p: {"Type": "String"} for p in values},
            "Resources": {"Placeholder": {"Type": "AWS::CloudFormation::WaitConditionHandle"}},
            "Outputs": {"BucketName": {"Value": self.bucket}},
        }
        cfn.create_stack(StackName=name, TemplateBody=json.dumps(template),
                         Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in values.items()])

    def assert_clear(self, err, code, expected_code, *needles):
        self.assertEqual(code, expected_code, err)
        self.assertNotIn("Traceback", err)
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        for needle in needles:
            self.assertIn(needle, err)

    def test_no_region_names_the_fix(self):
        dist = os.path.join(self.tmp, "noregion")
        fake_dist(dist, "/", "5555555555555555")
        args = ["--config", self.config, "--dist", dist, "--csp", CSP, "--endpoint-url", self.endpoint,
                "--stack", "login"]
        nothing = os.path.join(self.tmp, "no-such-file")
        code, _, err = self.run_main(args, {"AWS_DEFAULT_REGION": None, "AWS_REGION": None,
                                            "AWS_CONFIG_FILE": nothing, "AWS_PROFILE": None})
        self.assert_clear(err, code, 3, "no AWS region", "--region")

    def test_no_credentials_names_the_fix(self):
        dist = os.path.join(self.tmp, "nocreds")
        fake_dist(dist, "/", "6666666666666666")
        nothing = os.path.join(self.tmp, "no-such-file")
        code, _, err = self.run_main(
            ["--bucket", self.bucket, "--config", self.config, "--dist", dist, "--csp", CSP,
             "--endpoint-url", self.endpoint],
            {"AWS_ACCESS_KEY_ID": None, "AWS_SECRET_ACCESS_KEY": None, "AWS_SESSION_TOKEN": None,
             "AWS_PROFILE": None, "AWS_SHARED_CREDENTIALS_FILE": nothing, "AWS_CONFIG_FILE": nothing})
        self.assert_clear(err, code, 3, "no AWS credentials", "--profile")
        self.assertEqual(self.keys(), [])

    def test_a_stack_in_another_region_says_which_region_was_searched(self):
        values = {"CognitoDomain": "https://a.example", "Issuer": stack_checks.expected_issuer(CONFIG), "ApiBaseUrl": "",
                  "ContentSecurityPolicy": CSP, "BasePath": "/"}
        self.fake_stack("login-west", "us-west-2", values)
        dist = os.path.join(self.tmp, "west")
        fake_dist(dist, "/", "7777777777777777")
        args = ["--config", self.config, "--dist", dist, "--csp", CSP, "--endpoint-url", self.endpoint,
                "--stack", "login-west"]
        code, _, err = self.run_main(args + ["--region", "us-east-1"])
        self.assert_clear(err, code, 3, "does not exist in region us-east-1", "pass --region")
        code, _, err = self.run_main(args + ["--region", "us-west-2"])
        self.assertEqual(code, 0, err)

    # The region: --region, then AWS_REGION, then AWS_DEFAULT_REGION, then
    # the profile's. Each test's stack exists only in eu-west-1, so the
    # deploy succeeds only if that is the region it used.

    def deploy_to_eu_west_1(self, env, *extra):
        self.stacks = getattr(self, "stacks", 0) + 1
        name = f"login-{self.stacks}-" + self._testMethodName.replace("_", "-")[5:40]
        values = {"CognitoDomain": "https://a.example", "Issuer": stack_checks.expected_issuer(CONFIG), "ApiBaseUrl": "",
                  "ContentSecurityPolicy": CSP, "BasePath": "/"}
        self.fake_stack(name, "eu-west-1", values)
        dist = os.path.join(self.tmp, name)
        fake_dist(dist, "/", "dddd99999999999d")
        args = ["--config", self.config, "--dist", dist, "--csp", CSP, "--endpoint-url", self.endpoint,
                "--stack", name, *extra]
        nothing = os.path.join(self.tmp, "no-such-file")
        unset = {"AWS_REGION": None, "AWS_DEFAULT_REGION": None, "AWS_PROFILE": None, "AWS_CONFIG_FILE": nothing}
        code, out, err = self.run_main(args, {**unset, **env})
        self.assertEqual(code, 0, err)
        self.assertIn("index.html", self.keys())
        return out.splitlines()[0]

    def test_aws_region_is_honoured(self):
        said = self.deploy_to_eu_west_1({"AWS_REGION": "eu-west-1"})
        self.assertEqual(said, "Region eu-west-1, from AWS_REGION.")

    def test_aws_region_comes_before_aws_default_region(self):
        said = self.deploy_to_eu_west_1({"AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "us-west-2"})
        self.assertEqual(said, "Region eu-west-1, from AWS_REGION.")

    def test_aws_default_region_is_honoured(self):
        said = self.deploy_to_eu_west_1({"AWS_DEFAULT_REGION": "eu-west-1"})
        self.assertEqual(said, "Region eu-west-1, from AWS_DEFAULT_REGION.")

    def test_the_profiles_region_when_no_variable_is_set(self):
        config = os.path.join(self.tmp, "aws-config")
        with open(config, "w") as f:
            f.write("[default]\nregion = eu-west-1\n\n[profile deployer]\nregion = eu-west-1\n"
                    "aws_access_key_id = testing\naws_secret_access_key = testing\n")
        said = self.deploy_to_eu_west_1({"AWS_CONFIG_FILE": config})
        self.assertEqual(said, "Region eu-west-1, from the region of AWS profile 'default'.")
        said = self.deploy_to_eu_west_1({"AWS_CONFIG_FILE": config}, "--profile", "deployer")
        self.assertEqual(said, "Region eu-west-1, from the region of AWS profile 'deployer'.")

    def test_an_explicit_region_comes_first(self):
        config = os.path.join(self.tmp, "aws-config-west-2")
        with open(config, "w") as f:
            f.write("[default]\nregion = us-west-2\n")
        env = {"AWS_REGION": "us-west-2", "AWS_DEFAULT_REGION": "us-west-2", "AWS_CONFIG_FILE": config}
        said = self.deploy_to_eu_west_1(env, "--region", "eu-west-1")
        self.assertEqual(said, "Region eu-west-1, from --region.")

    def test_access_denied_on_the_manifest_names_the_permissions(self):
        dist = os.path.join(self.tmp, "denied")
        fake_dist(dist, "/", "8888888888888888")
        real = botocore.client.BaseClient._make_api_call

        def deny(client, operation, params):
            if operation == "GetObject":
                raise ClientError({"Error": {"Code": "AccessDenied", "Message": "Access Denied"}}, operation)
            return real(client, operation, params)

        with mock.patch.object(botocore.client.BaseClient, "_make_api_call", deny):
            code, _, err = self.run_deploy(dist)
        self.assert_clear(err, code, 3, "access denied", "s3:GetObject", "s3:ListBucket")
        self.assertEqual(self.keys(), [])

    def test_delete_errors_are_reported_not_hidden(self):
        a, b, c = (os.path.join(self.tmp, f"del{n}") for n in "abc")
        first = fake_dist(a, "/", "9999999999999999")
        fake_dist(b, "/", "aaaa99999999999a")
        fake_dist(c, "/", "bbbb99999999999b")
        self.assertEqual(self.run_deploy(a)[0], 0)
        self.assertEqual(self.run_deploy(b)[0], 0)
        manifest = json.loads(self.s3.get_object(Bucket=self.bucket, Key=upload_plan.MANIFEST)["Body"].read())
        for r in manifest["releases"]:
            r["time"] = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=2)).isoformat()
        self.s3.put_object(Bucket=self.bucket, Key=upload_plan.MANIFEST, Body=json.dumps(manifest).encode())
        real = botocore.client.BaseClient._make_api_call

        def refuse(client, operation, params):
            if operation == "DeleteObjects":
                objects = params["Delete"]["Objects"]
                return {"Errors": [{"Key": o["Key"], "Code": "AccessDenied", "Message": "Access Denied"}
                                   for o in objects]}
            return real(client, operation, params)

        with mock.patch.object(botocore.client.BaseClient, "_make_api_call", refuse):
            code, out, err = self.run_deploy(c)
        self.assertEqual(code, 4, err)
        self.assertNotIn("Traceback", err)
        self.assertIn("is live", err)
        self.assertIn("s3:DeleteObject", err)
        for name in first.values():
            self.assertIn(f"  {name}: AccessDenied", err)
            self.assertNotIn(f"deleted {name}", out)
            self.assertIn(name, self.keys())

    def test_a_config_without_domain_is_deployed_with_the_discovered_domain(self):
        issuer_server, issuer = discovery_server("https://login.example.com")
        self.addCleanup(issuer_server.shutdown)
        config = os.path.join(self.tmp, "nodomain.json")
        with open(config, "w") as f:
            json.dump({"userPoolId": "us-east-1_NoDomain", "clientId": "abc", "issuer": issuer}, f)
        code, out, err = self.run_main(["discover", "--config", config])
        self.assertEqual((code, out.strip()), (0, "https://login.example.com"), err)
        code, out, _ = self.run_main(["discover", "--config", self.config])
        self.assertEqual((code, out), (0, ""), "a config with domain needs no discovery")
        dist = os.path.join(self.tmp, "nodomain")
        fake_dist(dist, "/", "cccc99999999999c")
        values = {"CognitoDomain": "", "Issuer": issuer, "ApiBaseUrl": "", "ContentSecurityPolicy": CSP,
                  "BasePath": "/"}
        self.fake_stack("login-nodomain", "us-east-1", values)
        args = ["--config", config, "--dist", dist, "--csp", CSP, "--endpoint-url", self.endpoint,
                "--stack", "login-nodomain"]
        code, _, err = self.run_main(args)
        self.assertEqual(code, 1, err)
        self.assertIn("CognitoDomain: stack has '', config.json needs 'https://login.example.com'", err)
        values["CognitoDomain"] = "https://login.example.com"
        self.fake_stack("login-nodomain2", "us-east-1", values)
        code, _, err = self.run_main(args[:-1] + ["login-nodomain2"])
        self.assertEqual(code, 0, err)
        # Discovery that fails says what to set.
        with open(config, "w") as f:
            json.dump({"userPoolId": "us-east-1_NoDomain", "clientId": "abc",
                       "issuer": f"http://127.0.0.1:{free_port()}/us-east-1_NoDomain"}, f)
        code, _, err = self.run_main(["discover", "--config", config])
        self.assert_clear(err, code, 1, "set `domain`")


class ReadmePolicy(unittest.TestCase):
    def test_the_readme_iam_policy_is_valid_json_and_covers_every_call(self):
        readme = open(os.path.join(HERE, "..", "..", "README.md"), encoding="utf-8").read()
        block = readme.split("<!-- deploy-iam-policy -->", 1)[1].split("```json", 1)[1].split("```", 1)[0]
        policy = json.loads(block)
        self.assertEqual(policy["Version"], "2012-10-17")
        actions = set()
        for statement in policy["Statement"]:
            self.assertEqual(statement["Effect"], "Allow")
            found = statement["Action"]
            actions.update([found] if isinstance(found, str) else found)
        needed = {"cloudformation:DescribeStacks", "s3:ListBucket", "s3:GetObject", "s3:PutObject",
                  "s3:DeleteObject", "cloudfront:CreateInvalidation"}
        self.assertEqual(actions, needed)
        for action in needed:
            self.assertTrue(any(action in text for text in aws_errors.ACTIONS.values()) or action == "s3:ListBucket",
                            action)


def discovery_server(domain):
    """Serves an issuer's discovery document on 127.0.0.1: (server, issuer)."""
    port = free_port()
    issuer = f"http://127.0.0.1:{port}/us-east-1_NoDomain"

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps({"issuer": issuer, "authorization_endpoint": f"{domain}/oauth2/authorize",
                               "token_endpoint": f"{domain}/oauth2/token"}).encode()
            ok = self.path == "/us-east-1_NoDomain/.well-known/openid-configuration"
            self.send_response(200 if ok else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body if ok else b"{}")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, issuer


if __name__ == "__main__":
    unittest.main()
