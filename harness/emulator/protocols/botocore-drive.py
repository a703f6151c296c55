"""Test support for aws-cli.test.ts: calls every (service, operation) given on stdin through botocore, the
library the AWS CLI is built on, against the emulator, and prints one JSON line per call saying what came
back. Only required members are sent, with placeholder values, and client-side validation is off: the
point is that botocore reaches the operation and can parse the answer (a result or a modeled AWS
error), not that the call succeeds."""
import datetime
import json
import sys

import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError



def placeholder(shape, depth=0):
    """A value of the member's type: required structure members filled in, everything else minimal."""
    kind = shape.type_name
    if kind == "structure":
        if depth > 4:
            return {}
        return {name: placeholder(shape.members[name], depth + 1) for name in shape.required_members}
    if kind == "list":
        return []
    if kind == "map":
        return {}
    if kind in ("integer", "long"):
        return max(1, int(shape.metadata.get("min", 1)))
    if kind in ("float", "double"):
        return 1.0
    if kind == "boolean":
        return False
    if kind == "timestamp":
        return datetime.datetime(2025, 1, 1)
    if kind == "blob":
        return b"harness"
    if getattr(shape, "enum", None):
        return shape.enum[0]
    return "harness-placeholder"


request = json.load(sys.stdin)
session = botocore.session.get_session()
config = Config(parameter_validation=False, retries={"max_attempts": 0})
clients = {}
for service, operation in request["operations"]:
    line = {"service": service, "operation": operation}
    try:
        client = clients.get(service) or session.create_client(
            service,
            region_name=request["region"],
            endpoint_url=request["endpoint"],
            aws_access_key_id="test",
            aws_secret_access_key="test",
            config=config,
        )
        clients[service] = client
        model = client.meta.service_model.operation_model(operation)
        params = placeholder(model.input_shape) if model.input_shape is not None else {}
        response = client._make_api_call(operation, params)
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
