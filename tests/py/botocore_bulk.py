"""Reads many config files with real botocore, for the differential test.

Usage: botocore_bulk.py DIR  -> prints a JSON list, one entry per DIR/NNNNN file in
name order: {"profiles":..., "sso_sessions":..., "services":...} or {"error": "..."}.
"""
import json
import os
import sys

import botocore.configloader as loader
import botocore.exceptions


def main():
    folder = sys.argv[1]
    out = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        try:
            cfg = loader.load_config(path)
            out.append(
                {
                    "profiles": cfg.get("profiles", {}),
                    "sso_sessions": cfg.get("sso_sessions", {}),
                    "services": cfg.get("services", {}),
                }
            )
        except (botocore.exceptions.ConfigParseError, UnicodeDecodeError) as e:
            out.append({"error": type(e).__name__})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
