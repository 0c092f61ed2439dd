#!/bin/bash
# Supervised by every contender in the crash -> restart scenario: appends "PID MICROSECONDS"
# (bash's $EPOCHREALTIME, no fork) to the file named by $1 as soon as it runs, then waits
# (exec keeps the same pid) to be killed by the harness.
echo "$$ ${EPOCHREALTIME/[.,]/}" >> "$1"
exec sleep 1000000
