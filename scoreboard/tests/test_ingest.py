"""Archive member checks as a law: no member name that could leave the upload folder passes."""

from __future__ import annotations

import tarfile
from pathlib import PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gymkit_scoreboard.ingest import UploadRejected, _check_member

segments = st.sampled_from(["..", ".", "videos", "a.mp4", "m.manifest.json", "", "x", "..."])


@given(parts=st.lists(segments, min_size=1, max_size=5), absolute=st.booleans())
def test_no_accepted_member_leaves_the_upload(parts, absolute):
    name = ("/" if absolute else "") + "/".join(parts)
    member = tarfile.TarInfo(name)
    member.size = 1
    try:
        _check_member(member)
    except UploadRejected as refusal:
        assert refusal.status == 400
        return
    path = PurePosixPath(name)
    assert not path.is_absolute() and ".." not in path.parts
    assert str(path) == "m.manifest.json" or str(path).startswith("videos/")


@pytest.mark.parametrize(
    "kind", [tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.CHRTYPE, tarfile.FIFOTYPE]
)
def test_links_and_special_files_are_refused(kind):
    member = tarfile.TarInfo("m.manifest.json")
    member.type = kind
    with pytest.raises(UploadRejected, match="link or special file"):
        _check_member(member)
