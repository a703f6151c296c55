"""Test support for aws-cli.test.ts: calls every (service, operation) given on stdin through botocore, the
library the AWS CLI is built on, against the emulator, and prints one JSON line per call saying what came
back. Parameters are empty and client-side validation is off: the point is that botocore reaches the
operation and can parse the answer (a result or a modeled AWS error), not that the call succeeds."""
import json
import sys

import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError

request = json.load(sys.stdin)
session = botocore.session.get_session()
config = Config(parameter_validation=False, retries={"max_attempts": 0})
clients = {}
for service, operation in request["operations"]:
    client = clients.get(service) or session.create_client(
        service,
        region_name=request["region"],
        endpoint_url=request["endpoint"],
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=config,
    )
    clients[service] = client
    line = {"service": service, "operation": operation}
    try:
        response = client._make_api_call(operation, {})
        line.update(outcome="success", status=response["ResponseMetadata"]["HTTPStatusCode"])
    except ClientError as error:
        line.update(
            outcome="aws-error",
            code=error.response.get("Error", {}).get("Code"),
            status=error.response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
        )
    except Exception as error:  # a parse failure or anything else botocore could not make sense of
        line.update(outcome="client-failure", code=type(error).__name__, message=str(error)[:300])
    print(json.dumps(line), flush=True)
