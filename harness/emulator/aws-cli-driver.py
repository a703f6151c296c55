"""Test support for aws-cli.ts: runs many AWS CLI commands in one Python process. Each line on stdin is
{"argv": [...], "env": {...}}; each command runs through awscli.clidriver, the same code the `aws`
executable runs (`sys.exit(awscli.clidriver.main())`), with a fresh driver and session under exactly the
given environment, and one JSON line comes back: {"exitCode", "stdout", "stderr"}. Starting Python and
importing botocore once instead of per command saves about a second a command."""
import io
import json
import os
import sys

import awscli.clidriver

# Importing awscli points botocore at the CLI's own data (AWS_DATA_PATH); every command keeps that.
AWSCLI_ENV = {"AWS_DATA_PATH": os.environ["AWS_DATA_PATH"]}
# Usage and error texts name the program as the `aws` executable does.
sys.argv[0] = "aws"


def run(argv, env):
    os.environ.clear()
    os.environ.update({**env, **AWSCLI_ENV})
    out, err = io.BytesIO(), io.BytesIO()
    real = sys.stdout, sys.stderr
    # Text streams with a .buffer, like a real stdout (the CLI writes bytes to it in places).
    captured = io.TextIOWrapper(out, encoding="utf-8", write_through=True), io.TextIOWrapper(
        err, encoding="utf-8", write_through=True
    )
    sys.stdout, sys.stderr = captured
    try:
        code = awscli.clidriver.create_clidriver().main(argv)
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else 0 if exit.code is None else 1
    finally:
        sys.stdout, sys.stderr = real
    texts = [stream.getvalue().decode("utf-8") for stream in (out, err)]
    for stream in captured:
        stream.detach()
    return {"exitCode": code or 0, "stdout": texts[0], "stderr": texts[1]}


for line in sys.stdin:
    request = json.loads(line)
    sys.stdout.write(json.dumps(run(request["argv"], request["env"])) + "\n")
    sys.stdout.flush()
