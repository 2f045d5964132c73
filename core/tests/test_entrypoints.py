"""The entry-point scan agrees with ``importlib.metadata.entry_points`` (and falls back to it)."""

from __future__ import annotations

import importlib.metadata as md
import sys
import zipfile
from pathlib import Path

import pytest

from paywire import _entrypoints
from paywire._entrypoints import EntryPoint, entry_points

Row = tuple[str, str, str, str | None, str | None]


def reference(group: str) -> list[Row]:
    return [(ep.name, ep.value, ep.group, ep.dist.name, ep.dist.version) for ep in md.entry_points(group=group)]


def rows(found: list[EntryPoint]) -> list[Row]:
    return [(ep.name, ep.value, ep.group, ep.dist_name, ep.dist_version) for ep in found]


def scanned(group: str) -> list[Row]:
    """The fast path itself (fails instead of falling back)."""
    return rows(_entrypoints._scan(group, sys.path))


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh directory first on sys.path (importlib.metadata caches per path and mtime)."""
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


def dist(
    root: Path, folder: str, name: str, version: str, entry_points: str | None, metadata: str = "METADATA"
) -> Path:
    info = root / folder
    info.mkdir()
    (info / metadata).write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\nLong: body\n")
    if entry_points is not None:
        (info / "entry_points.txt").write_text(entry_points)
    return info


@pytest.mark.parametrize("group", ["paywire", "console_scripts", "pytest11", "no-such-group"])
def test_same_as_importlib_metadata_in_this_environment(group: str) -> None:
    assert _entrypoints._plain_meta_path()
    assert scanned(group) == reference(group)
    assert rows(entry_points(group)) == reference(group)


def test_the_installed_connectors_are_found() -> None:
    pytest.importorskip("paywire_stripe")  # the core's own session installs no connector
    found = {ep.name: ep for ep in entry_points("paywire")}
    assert found["stripe"].dist_name == "paywire-stripe"
    assert found["stripe"].load().__name__ == "paywire_stripe"


def test_duplicates_egg_info_and_dists_without_entry_points(
    site: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    later = tmp_path_factory.mktemp("later")
    # The same distribution on two path entries: the first one on sys.path wins.
    dist(site, "Paywire_Dup-2.0.dist-info", "paywire.dup", "2.0", "[paywire]\ndup = first_mod\n")
    dist(later, "paywire_dup-1.0.dist-info", "paywire-dup", "1.0", "[paywire]\ndup = second_mod\nonly_old = x\n")
    # egg-info with PKG-INFO, comments, blank lines, spaces around '=' and several groups.
    dist(
        site,
        "paywire_egg-0.3-py3.11.egg-info",
        "paywire-egg",
        "0.3",
        "# comment\n\n[console_scripts]\negg = egg.cli:main\n\n[paywire]\n  egg  =  egg_mod:plugin [extra]  \nb = y\n",
        metadata="PKG-INFO",
    )
    dist(site, "plain-1.0.dist-info", "plain", "1.0", None)
    (site / "folded-1.0.dist-info").mkdir()
    (site / "folded-1.0.dist-info" / "METADATA").write_text("Name:folded\nVersion: 1.0\n  .post1\n")
    (site / "folded-1.0.dist-info" / "entry_points.txt").write_text("[paywire]\nfolded = f\n")
    sys.path.append(str(later))
    try:
        for group in ("paywire", "console_scripts"):
            assert scanned(group) == reference(group)
        found = {ep.name: ep for ep in entry_points("paywire")}
        assert found["dup"].value == "first_mod" and found["dup"].dist_version == "2.0"
        assert "only_old" not in found
        assert (found["egg"].value, found["egg"].dist_name) == ("egg_mod:plugin [extra]", "paywire-egg")
        assert found["folded"].dist_version == "      1.0\n.post1"  # as importlib.metadata re-indents it
    finally:
        sys.path.remove(str(later))


def test_a_malformed_line_is_an_entry_point_with_an_error(site: Path) -> None:
    dist(site, "bad-1.0.dist-info", "bad", "1.0", "[paywire]\nno equals sign here\ngood = good_mod\n")
    with pytest.raises(TypeError):  # importlib.metadata gives up on the whole environment
        md.entry_points(group="paywire")
    found = [ep for ep in entry_points("paywire") if ep.dist_name == "bad"]
    assert [(ep.name, ep.error is None) for ep in found] == [("no equals sign here", False), ("good", True)]
    assert "expected 'name = value'" in (found[0].error or "")
    with pytest.raises(ValueError, match="malformed"):
        found[0].load()
    # The fallback path treats it the same way.
    assert [ep for ep in _entrypoints._via_importlib("paywire") if ep.dist_name == "bad"] == found


def test_a_zip_on_sys_path_falls_back_to_importlib_metadata(site: Path, tmp_path: Path) -> None:
    archive = tmp_path / "zipped.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("zipped-1.0.dist-info/METADATA", "Name: zipped\nVersion: 1.0\n")
        zf.writestr("zipped-1.0.dist-info/entry_points.txt", "[paywire]\nzipped = zipped_mod\n")
    sys.path.insert(0, str(archive))
    try:
        with pytest.raises(_entrypoints._Unsupported):
            _entrypoints._scan("paywire", sys.path)
        assert rows(entry_points("paywire")) == reference("paywire")
        assert ("zipped", "zipped_mod", "paywire", "zipped", "1.0") in rows(entry_points("paywire"))
    finally:
        sys.path.remove(str(archive))


def test_another_distribution_finder_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    class Finder:
        @staticmethod
        def find_distributions(context: object = None) -> list[md.Distribution]:
            return []

    monkeypatch.setattr(sys, "meta_path", [Finder, *sys.meta_path])
    assert not _entrypoints._plain_meta_path()
    with pytest.raises(_entrypoints._Unsupported):
        _entrypoints._scan("paywire", sys.path)
    assert rows(entry_points("paywire")) == reference("paywire")


def test_unusual_metadata_headers_fall_back(site: Path) -> None:
    info = dist(site, "odd-1.0.dist-info", "odd", "1.0", "[paywire]\nodd = odd_mod\n")
    (info / "METADATA").write_text("Name: odd\nnot a header line\nVersion: 1.0\n")
    with pytest.raises(_entrypoints._Unsupported):
        _entrypoints._scan("paywire", sys.path)
    assert rows(entry_points("paywire")) == reference("paywire")
