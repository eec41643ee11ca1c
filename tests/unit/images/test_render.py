"""Stage Dockerfiles come from one template: no drift, exact coverage of the DAG's images."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from coretelecoms.dag import IMAGES
from images import render


def test_committed_dockerfiles_match_a_fresh_render() -> None:
    for relative, text in render.render().items():
        path = render.IMAGES_DIR / relative
        assert path.read_text(encoding="utf-8") == text, f"{path} drifted: run `make render`"


def test_check_mode_names_an_edited_dockerfile_and_writes_nothing(tmp_path: Path) -> None:
    assert render.main(["--out", str(tmp_path)]) == 0
    edited = tmp_path / "load-warehouse" / "Dockerfile"
    edited.write_text(edited.read_text().replace("USER 10001:10001", "USER root"))
    assert render.main(["--check", "--out", str(tmp_path)]) == 1
    assert "USER root" in edited.read_text()
    assert render.main(["--check", "--out", str(tmp_path / "missing")]) == 1


def test_every_image_gets_its_own_extra_and_command() -> None:
    files = render.render()
    assert sorted(files) == sorted(f"{name}/Dockerfile" for name in IMAGES)
    for stage in render.STAGES:
        text = files[f"{stage.name}/Dockerfile"]
        assert f'"/src/jobs[{stage.name}]"' in text
        assert f'ENTRYPOINT ["coretelecoms", "{stage.command}"]' in text
        assert "@" not in text, "no template token left unreplaced"
    assert "COPY --chown=0:0 dbt /app/dbt" in files["transform-dbt/Dockerfile"]
    assert "/app/dbt" not in files["extract-files/Dockerfile"]


def test_an_image_missing_from_the_renderer_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "STAGES", render.STAGES[:-1])
    with pytest.raises(ValueError, match=r"coretelecoms\.dag\.IMAGES"):
        render.render()
    renamed = dataclasses.replace(render.STAGES[0], name="extract-ftp")
    monkeypatch.setattr(render, "STAGES", (renamed, *render.STAGES[1:]))
    with pytest.raises(ValueError, match="extract-ftp"):
        render.render()
