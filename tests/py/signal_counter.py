"""Counts each SIGINT it is sent (even two that arrive before Python runs its
handler: every delivery writes a byte to the wake-up pipe) and notes SIGTERM,
in the file named by the first argument; used by tests/cli_exec_server.rs."""
import os
import signal
import sys
import time

log = sys.argv[1]


def note(text):
    with open(log, "a") as f:
        f.write(text + "\n")


r, w = os.pipe()
os.set_blocking(r, False)
os.set_blocking(w, False)
signal.set_wakeup_fd(w)
signal.signal(signal.SIGINT, lambda *a: None)
signal.signal(signal.SIGTERM, lambda *a: (note("TERM"), sys.exit(3)))
note("ready")
while True:
    time.sleep(0.02)
    try:
        data = os.read(r, 64)
    except BlockingIOError:
        continue
    for b in data:
        if b == signal.SIGINT:
            note("INT")
