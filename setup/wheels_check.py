"""Check the wheels setup/wheels built against the addons' manifests; exit 1 on a mismatch."""

import ast
import re
import sys
import zipfile
from email.parser import HeaderParser
from pathlib import Path

# "chinesecalendar>=1.11.0" -> "chinesecalendar"; "odoo==19.0.*" -> "odoo"
REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def core_addons(odoo_src):
    """Addons of the Odoo tree: they come with the odoo distribution, not as wheels."""
    names = set()
    for folder in (odoo_src / "addons", odoo_src / "odoo" / "addons"):
        names.update(p.parent.name for p in folder.glob("*/__manifest__.py"))
    return names


def expected_metadata(addon_dir, core):
    manifest = ast.literal_eval((addon_dir / "__manifest__.py").read_text(encoding="utf-8"))
    version = manifest["version"]
    series = ".".join(version.split(".")[:2])
    requires = {"odoo": f"odoo=={series}.*"}
    for depend in manifest.get("depends", []):
        if depend not in core:
            requires[normalize(f"odoo-addon-{depend}")] = f"odoo-addon-{depend}=={series}.*"
    for package in manifest.get("external_dependencies", {}).get("python", []):
        requires[normalize(package)] = None  # any version specifier
    return f"odoo-addon-{addon_dir.name}", version, requires


def check_wheel(wheel_dir, addon_dir, core):
    name, version, requires = expected_metadata(addon_dir, core)
    file_name = f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
    wheel = wheel_dir / file_name
    if not wheel.is_file():
        found = sorted(p.name for p in wheel_dir.glob("*.whl"))
        return [f"{file_name} was not built (found: {', '.join(found) or 'none'})"]
    errors = []
    with zipfile.ZipFile(wheel) as archive:
        members = set(archive.namelist())
        dist_info = f"{name.replace('-', '_')}-{version}.dist-info"
        metadata = HeaderParser().parsestr(archive.read(f"{dist_info}/METADATA").decode("utf-8"))
    if metadata["Name"] != name:
        errors.append(f"Name is {metadata['Name']!r}, expected {name!r}")
    if metadata["Version"] != version:
        errors.append(f"Version is {metadata['Version']!r}, expected {version!r}")
    actual = {}
    for requirement in metadata.get_all("Requires-Dist") or []:
        actual[normalize(REQUIREMENT_NAME.match(requirement).group(1))] = requirement.strip()
    for key, requirement in requires.items():
        if key not in actual:
            errors.append(f"Requires-Dist lacks {requirement or key}")
        elif requirement and actual[key].replace(" ", "") != requirement:
            errors.append(f"Requires-Dist has {actual[key]!r}, expected {requirement!r}")
    for key in sorted(set(actual) - set(requires)):
        errors.append(f"Requires-Dist has {actual[key]!r}, which the manifest does not ask for")
    prefix = f"odoo/addons/{addon_dir.name}/"
    for needed in ("__manifest__.py", "__init__.py", "README.rst"):
        if prefix + needed not in members:
            errors.append(f"the wheel lacks {prefix}{needed}")
    if prefix + "pyproject.toml" in members:
        errors.append("the wheel holds the addon's pyproject.toml")
    return [f"{file_name}: {error}" for error in errors]


def main(wheel_dir, odoo_src, *addons):
    wheel_dir, repo = Path(wheel_dir), Path(__file__).resolve().parent.parent
    core = core_addons(Path(odoo_src))
    failed = False
    for addon in addons:
        errors = [error for error in check_wheel(wheel_dir, repo / addon, core) if error]
        for error in errors:
            print(f"FAILED {error}")
        if not errors:
            print(f"ok {addon}: name, version and Requires-Dist match the manifest")
        failed = failed or bool(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
