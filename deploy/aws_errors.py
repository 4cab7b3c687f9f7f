"""How ./x deploy reports problems: the error classes (each with its exit
code) and `aws`, which runs one AWS call and turns any failure into one line
naming the operation, the resource and the likely fix."""


class DeployError(Exception):
    """A problem the operator has to fix; the message says how."""

    code = 1


class AwsError(DeployError):
    """AWS refused or could not be reached; nothing was changed."""

    code = 3


class PartialDeploy(DeployError):
    """The release is live, but a later step failed."""

    code = 4


# What each call needs in an IAM policy (README "Deploy to AWS" lists them all).
ACTIONS = {
    "DescribeStacks": "cloudformation:DescribeStacks",
    "GetObject": "s3:GetObject (and s3:ListBucket, or a missing manifest reads as AccessDenied)",
    "PutObject": "s3:PutObject",
    "DeleteObjects": "s3:DeleteObject",
    "CreateInvalidation": "cloudfront:CreateInvalidation",
}


def aws(operation, resource, call, region=None, error=AwsError):
    """Runs one AWS call; any failure becomes one line naming the operation,
    the resource and the likely fix (no traceback)."""
    from botocore.exceptions import (BotoCoreError, ClientError, EndpointConnectionError, NoCredentialsError,
                                     NoRegionError, PartialCredentialsError)

    try:
        return call()
    except NoRegionError:
        raise AwsError(f"{operation} {resource}: no AWS region is set. Pass --region REGION "
                       "(the region the stack or bucket is in), set AWS_REGION, or set the profile's region.") from None
    except (NoCredentialsError, PartialCredentialsError):
        raise AwsError(f"{operation} {resource}: no AWS credentials found. Pass --profile NAME, set AWS_PROFILE or "
                       "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or sign in with `aws sso login`.") from None
    except EndpointConnectionError as e:
        raise error(f"{operation} {resource}: cannot reach AWS ({e}). Check the network and --region.") from None
    except ClientError as e:
        info = e.response.get("Error", {})
        code, message = info.get("Code", "Error"), info.get("Message", "")
        if code in ("AccessDenied", "AccessDeniedException", "403", "Forbidden", "UnauthorizedOperation"):
            action = ACTIONS.get(operation, operation)
            raise error(f"{operation} {resource}: access denied. The deploy identity needs {action} on it "
                        "(README \"Deploy to AWS\" has the whole policy).") from None
        if code == "ValidationError" and "does not exist" in message:
            where = f" in region {region}" if region else ""
            raise error(f"{operation} {resource}: the stack does not exist{where}. If it was created in another "
                        "region, pass --region with that region.") from None
        if code in ("NoSuchBucket",):
            raise error(f"{operation} {resource}: no such bucket{' in ' + region if region else ''}.") from None
        raise error(f"{operation} {resource}: {code}: {message}") from None
    except BotoCoreError as e:
        raise error(f"{operation} {resource}: {e}") from None
