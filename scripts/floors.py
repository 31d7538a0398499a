"""Floor files of the quality gates: `figure value` lines, `#` comments (scripts/eval*.sh --check)."""
import sys


def broken(figures, floors_path):
    """Print each figure of `floors_path` that is missing or under its floor; True when any is."""
    bad = False
    for line in open(floors_path):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, floor = line.split()
        v = figures.get(name)
        if not isinstance(v, (int, float)) or v < float(floor):
            print(f"FLOOR BROKEN: {name} = {v} < {floor}", file=sys.stderr)
            bad = True
    return bad


def finish(figures, floors_path, passed, failed):
    """Exit as a gate does: print `passed` and exit 0 when every floor holds, else `failed`, 1."""
    bad = broken(figures, floors_path)
    print(failed if bad else passed)
    sys.exit(1 if bad else 0)
