"""Peak memory of a command: runs it RUNS times (output discarded) and prints the
largest resident set size any run reached, in KiB, as the kernel reports it to
wait4(2). A run that fails is an error, so a broken setup is never measured.
Usage: python3 bench/maxrss.py RUNS COMMAND [ARGS...]"""
import os
import subprocess
import sys

runs, cmd = int(sys.argv[1]), sys.argv[2:]
peak = 0
for _ in range(runs):
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited with {child.returncode}")
    peak = max(peak, usage.ru_maxrss)
print(peak)
