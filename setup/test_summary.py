"""Sum the steps of setup/test and the JUnit XML reports into one 'N passed, N failed' line."""

import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def main(steps_file, *xml_files):
    passed = failed = skipped = 0
    with open(steps_file, encoding="utf-8") as steps:
        lines = steps.read().splitlines()
    for line in lines:
        status, _sep, name = line.strip().partition(" ")
        if status == "passed":
            passed += 1
        else:
            failed += 1
            print(f"FAILED step: {name}")
    for path in xml_files:
        try:
            root = ET.parse(path).getroot()
        except (OSError, ET.ParseError):
            continue
        # the same test runs in more than one database (odoo.xml, coexist.xml): say which
        run = Path(path).stem
        for case in root.iter("testcase"):
            name = f"{case.get('classname')}.{case.get('name')}"
            if case.find("failure") is not None or case.find("error") is not None:
                failed += 1
                print(f"FAILED test: {name} ({run})")
            elif case.find("skipped") is not None:
                skipped += 1
            else:
                passed += 1
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line)
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
