"""What real botocore sees in the AWS config files: the oracle for tests/config_vs_botocore.rs.

Run with the same environment as `ssoenv list --json` (HOME, AWS_CONFIG_FILE,
AWS_SHARED_CREDENTIALS_FILE).  Prints one JSON object on stdout and exits 0:

    {"profiles": {name: settings}}      when botocore accepts the files, where settings
                                        is what botocore.session.Session().full_config
                                        ['profiles'][name] holds (str values, or a dict of
                                        str for nested sub-sections), with the values of
                                        the secret keys replaced by "<redacted>";
    {"error": {"type", "file", "path", "line", "message"}}
                                        when botocore raises on full_config; "file" is
                                        "config" or "credentials", "path" the expanded
                                        path botocore read, "line" the 1-based physical
                                        line configparser (or the nested/UTF-8 decoding
                                        step) stumbled on, or null if it can't be told.

Exits non-zero only on an unexpected crash (including botocore not being importable),
so the caller can tell "botocore rejects the file" from "the oracle is broken".
"""

import configparser
import json
import locale
import os
import sys

try:
    import botocore.configloader
    import botocore.exceptions
    import botocore.session
except ImportError as exc:  # the test must fail, not skip, without botocore
    sys.stderr.write(
        f"botocore_view.py: cannot import botocore with {sys.executable}: {exc}\n"
        "install it with: python3 -m pip install botocore\n"
    )
    sys.exit(2)

SECRET_KEYS = ("aws_secret_access_key", "aws_session_token", "aws_security_token")
REDACTED = "<redacted>"


def redact(settings):
    """Copy of one profile's settings with the secret keys' values replaced."""
    return {k: (REDACTED if k in SECRET_KEYS else v) for k, v in settings.items()}


def expand(path):
    """The path exactly as botocore.configloader.raw_config_parse expands it."""
    return os.path.expanduser(os.path.expandvars(path))


class _LineTracker:
    """Shared state between the tracking parser and its value lists."""

    def __init__(self):
        self.lineno = 0
        self.values = {}  # (id(section dict), option) -> _TrackingList


class _TrackingList(list):
    """The raw lines of one option's value, remembering each one's physical line."""

    def __init__(self, items, tracker):
        super().__init__(items)
        self.tracker = tracker
        self.linenos = [tracker.lineno] * len(items)

    def append(self, item):
        super().append(item)
        self.linenos.append(self.tracker.lineno)


def _tracking_dict_type(tracker):
    class TrackingDict(dict):
        """configparser stores each option as a list of lines: keep a handle on it."""

        def __setitem__(self, key, value):
            if type(value) is list:
                value = _TrackingList(value, tracker)
                tracker.values[(id(self), key)] = value
            super().__setitem__(key, value)

    return TrackingDict


class _TrackingParser(configparser.RawConfigParser):
    """The same RawConfigParser botocore uses, plus physical line numbers of values."""

    def __init__(self, tracker):
        super().__init__(dict_type=_tracking_dict_type(tracker))
        self._tracker = tracker

    def _read(self, fp, fpname):
        tracker = self._tracker

        def numbered():
            for lineno, line in enumerate(fp, start=1):
                tracker.lineno = lineno
                yield line

        return super()._read(numbered(), fpname)


def _decode_error_line(data, encoding):
    """1-based line (universal newlines, as Python text files count) of the first bad byte."""
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start]
        breaks = prefix.count(b"\n") + prefix.count(b"\r") - prefix.count(b"\r\n")
        return breaks + 1
    return None


def _nested_error_line(tracker, cp):
    """Physical line of the first nested line botocore's _parse_nested rejects.

    Walks sections and options in the order raw_config_parse does, and splits each
    value the way _parse_nested does (str.splitlines, so also on \\x0b, \\x0c, \\x1c...).
    """
    for section in cp.sections():
        for option in cp.options(section):
            value = cp.get(section, option)
            if not value.startswith("\n"):
                continue
            holder = cp._sections[section]
            if option not in holder:
                holder = cp._defaults
            lines = tracker.values.get((id(holder), option))
            if lines is None:
                continue
            for item, lineno in zip(lines, lines.linenos):
                for piece in item.splitlines():
                    piece = piece.strip()
                    if piece and "=" not in piece:
                        return lineno
    return None


def error_line(path):
    """Re-parse the failing file the way botocore does to tell which line it choked on.

    The file is read as a stream (8 KiB chunks), exactly as botocore reads it, so an
    error configparser raises at once (duplicate, missing header) before the decoder
    reaches a bad byte further down wins, as it does in botocore.
    """
    tracker = _LineTracker()
    cp = _TrackingParser(tracker)
    try:
        cp.read([path])
    except UnicodeDecodeError:
        with open(path, "rb") as fh:
            return _decode_error_line(fh.read(), locale.getpreferredencoding(False))
    except configparser.ParsingError as exc:  # includes MissingSectionHeaderError
        return getattr(exc, "lineno", None) or exc.errors[0][0]
    except (configparser.DuplicateSectionError, configparser.DuplicateOptionError) as exc:
        return exc.lineno
    return _nested_error_line(tracker, cp)


def failing_file(session):
    """("config"|"credentials", path) of the file raw_config_parse rejects, config first."""
    for label, variable in (("config", "config_file"), ("credentials", "credentials_file")):
        path = session.get_config_variable(variable)
        try:
            botocore.configloader.raw_config_parse(path)
        except botocore.exceptions.ConfigNotFound:
            continue
        except botocore.exceptions.ConfigParseError:
            return label, expand(path)
    return None, None


def main():
    session = botocore.session.Session()
    try:
        profiles = session.full_config["profiles"]
    except botocore.exceptions.ConfigParseError as exc:
        inner = exc.kwargs.get("error")
        label, path = failing_file(botocore.session.Session())
        result = {
            "error": {
                "type": type(inner).__name__ if inner is not None else type(exc).__name__,
                "file": label,
                "path": path,
                "line": error_line(path) if path else None,
                "message": f"{exc}: {inner}",
            }
        }
    else:
        result = {"profiles": {name: redact(s) for name, s in profiles.items()}}
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
