"""Each addon's README.rst and static/description/index.html are generated from its readme/
fragments and manifest by OCA's generator (oca-gen-addon-readme, the pre-commit hook). The
generator writes a digest of those sources into README.rst; a fragment or manifest changed
without regenerating leaves a stale README, which this test reports."""

import hashlib
import re

import pytest
from conftest import REPO

ADDONS = ("complaint_management", "complaint_sla", "complaint_survey")
REGENERATE = (
    "regenerate it: pre-commit run oca-gen-addon-readme --all-files "
    "(or oca-gen-addon-readme --addons-dir=. --branch=19.0 --org-name=complaint-suite "
    "--repo-name=complaint-suite)"
)


def source_digest(addon_dir):
    """The generator's digest: sha256 over the relative name and the content of the manifest,
    then of every non-hidden file under readme/, directories and files in sorted order."""
    digest = hashlib.sha256()
    paths = [addon_dir / "__manifest__.py"]
    for folder in sorted(
        p for p in [addon_dir / "readme", *(addon_dir / "readme").rglob("*")] if p.is_dir()
    ):
        paths += sorted(
            (p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")),
            key=lambda p: p.name,
        )
    for path in paths:
        digest.update(str(path.relative_to(addon_dir)).encode())
        digest.update(path.read_bytes())
    return f"sha256:{digest.hexdigest()}"


@pytest.mark.parametrize("addon", ADDONS)
def test_readme_generated_from_fragments(addon):
    addon_dir = REPO / addon
    readme = addon_dir / "README.rst"
    assert readme.is_file(), f"{addon} has no README.rst: {REGENERATE}"
    assert (addon_dir / "static" / "description" / "index.html").is_file(), REGENERATE
    found = re.search(r"source digest: (sha256:[0-9a-f]{64})", readme.read_text("utf-8"))
    assert found, f"{readme} was not written by oca-gen-addon-readme: {REGENERATE}"
    assert found.group(1) == source_digest(addon_dir), (
        f"{readme} is older than {addon}/readme or its manifest: {REGENERATE}"
    )
