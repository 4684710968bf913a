# Sourced by interop scripts: numbered pass/fail steps whose output goes to "$work".
# step NAME COMMAND...; expect_in_output PATTERN COMMAND...; expect_failure PATTERN COMMAND...
pass=0
fail=0
step() { # name, command...
    local name=$1; shift
    if "$@" > "$work/out.txt" 2>&1; then
        pass=$((pass + 1)); echo "ok   $name"
    else
        fail=$((fail + 1)); echo "FAIL $name"; sed 's/^/     /' "$work/out.txt" | tail -20
    fi
}
expect_in_output() { # pattern, command...
    local pattern=$1; shift
    "$@" > "$work/cmd.txt" 2>&1 || { cat "$work/cmd.txt"; return 1; }
    grep -q -- "$pattern" "$work/cmd.txt" || { echo "missing '$pattern' in:"; cat "$work/cmd.txt"; return 1; }
}
expect_failure() { # pattern, command... (must fail and print pattern)
    local pattern=$1; shift
    if "$@" > "$work/cmd.txt" 2>&1; then echo "unexpected success"; cat "$work/cmd.txt"; return 1; fi
    grep -q -- "$pattern" "$work/cmd.txt" || { echo "missing '$pattern' in:"; cat "$work/cmd.txt"; return 1; }
}
