"""Validate every shipped pack file and IDS file, and record them in ``validated.json``.

    .venv/bin/python rules/make_validated.py

A check validates each pack against ``rulepack.schema.json`` and each IDS file against the
IDS 1.0 XSD before it uses it: 0.1 s and 0.2 s (the schema libraries' imports and the
XSD) of a one-second check of a small model, paid on every check with a cold cache. A
shipped file byte-identical to one validated here is not validated again
(``cimcheck.engine.pack.validated_at_release``); any edit, or any file not listed, is.
An IDS file's content is recorded too, as ifctester decodes it against the XSD: building
that XSD is most of what reading an IDS file costs (0.17 s), and the decoded form is what
ifctester makes its specifications from (``cimcheck.engine.pack.ids_at_release``).
``tests/packs/test_validated.py`` keeps this manifest in step with the files.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

#: The manifest, beside the packs.
MANIFEST = HERE / "validated.json"


def shipped_files() -> list[Path]:
    """Return the files a check validates: every pack's ``pack.yaml`` and every IDS file."""
    return sorted([*HERE.glob("**/pack.yaml"), *HERE.glob("**/*.ids")])


def validate(path: Path) -> None:
    """Raise if ``path`` is not a valid pack file or IDS 1.0 file."""
    if path.suffix == ".ids":
        from ifctester import ids

        ids.open(str(path), validate=True)
        return
    import yaml

    from cimcheck.engine.pack import _validate

    _validate(path, yaml.safe_load(path.read_text("utf-8")))


def decoded_ids(path: Path) -> dict:
    """Return an IDS file as ifctester decodes it (plain JSON data: dicts, lists, text)."""
    from ifctester import ids

    return ids.get_schema().decode(str(path), strip_namespaces=True,
                                   namespaces={"": "http://standards.buildingsmart.org/IDS"})


def manifest() -> dict:
    """Return the manifest for the files as they are now (validating each first)."""
    files, decoded = {}, {}
    for path in shipped_files():
        validate(path)
        name = path.relative_to(HERE).as_posix()
        files[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        if path.suffix == ".ids":
            decoded[name] = decoded_ids(path)
    return {"about": "Shipped pack and IDS files validated at release (rules/make_validated.py)"
                     "; a file with another sha256 is validated when it is used.",
            "validators": validators(), "files": files, "ids": decoded}


def validators() -> dict:
    """Return what the files were validated and decoded with (``pack.release_validators``)."""
    from cimcheck.engine.pack import release_validators

    return release_validators()


if __name__ == "__main__":
    # Not sorted: the order of an IDS file's decoded content is the order of its facets.
    MANIFEST.write_text(json.dumps(manifest(), indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"written: {MANIFEST}")  # noqa: T201 - a developer's script
