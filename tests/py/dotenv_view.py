"""How python-dotenv reads a dotenv file: the file on stdin (UTF-8), a JSON
object on stdout with the values read with interpolation off ("raw") and with
the default interpolation on ("interpolated"), and python-dotenv's "version".

Used by tests/shell_roundtrip.rs to check `ssoenv export --format dotenv`.
"""

import importlib.metadata
import io
import json
import sys

from dotenv import dotenv_values

# newline="" keeps a carriage return in the file as it is.
text = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", newline="").read()
json.dump(
    {
        "version": importlib.metadata.version("python-dotenv"),
        "raw": dotenv_values(stream=io.StringIO(text), interpolate=False),
        "interpolated": dotenv_values(stream=io.StringIO(text)),
    },
    sys.stdout,
)
