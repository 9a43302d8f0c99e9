#!/usr/bin/env python3
"""The command `ssoenv exec --server` runs in tests/cli_exec_server.rs: a boto3 program that
gets its credentials only from the container endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI).

  container_child.py env            print the environment as one JSON object
  container_child.py loop SECONDS   call STS GetCallerIdentity about once a second for
                                    SECONDS; one JSON line per success (account, and the
                                    credentials botocore signed with, so the test can check
                                    ssoenv's stderr never shows them); exit 1 on any failure
"""

import json
import os
import sys
import time

# Never let botocore look for instance metadata: this runs on a machine without AWS.
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"

# A missing boto3 must fail the test, not skip it.
import boto3  # noqa: E402


def main():
    if sys.argv[1] == "env":
        print(json.dumps(dict(os.environ)))
        return 0
    seconds = float(sys.argv[2])
    session = boto3.Session()
    sts = session.client("sts")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            account = sts.get_caller_identity()["Account"]
        except Exception as e:  # the test shows what went wrong
            print(json.dumps({"error": repr(e)}), flush=True)
            return 1
        frozen = session.get_credentials().get_frozen_credentials()
        print(
            json.dumps(
                {
                    "account": account,
                    "method": session.get_credentials().method,
                    "access_key": frozen.access_key,
                    "secret_key": frozen.secret_key,
                    "token": frozen.token,
                    "auth_token": os.environ["AWS_CONTAINER_AUTHORIZATION_TOKEN"],
                }
            ),
            flush=True,
        )
        time.sleep(1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
