"""deploy/backup.sh and deploy/restore.sh round-trip: every table's rows and every media file come back."""

import os
import subprocess
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest

from tests import factories
from tests.integration.helpers import REPO

PG_BIN = os.environ.get("TEST_PG_BIN", "")


def row_counts(database_url: str) -> dict[str, int]:
    with psycopg.connect(database_url, autocommit=True) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return {
            table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608 (catalog names)
            for table in tables
        }


def run_script(name: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        ["bash", str(REPO / "deploy" / name), *args],  # noqa: S607 (bash from PATH, as in CI)
        env={**os.environ, "PG_BIN": PG_BIN, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def scratch_database_url(test_database_url):
    """An empty database in the test cluster, dropped afterwards."""
    name = f"restore_check_{uuid.uuid4().hex[:8]}"
    admin_url = urlsplit(test_database_url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield urlsplit(test_database_url)._replace(path=f"/{name}").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def seeded(transactional_db, tmp_path):
    """A little of everything, committed so pg_dump sees it, and a PDF in the media folder."""
    concern = factories.ConcernFactory()
    factories.ConcernFactory(meeting=concern.meeting)
    factories.AgendaItemFactory(meeting=concern.meeting)
    factories.ActionFactory(meeting=concern.meeting, concern=concern)
    media = tmp_path / "media"
    pdf = media / "minutes" / "2026" / "minutes-1-v1.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF-1.7 Prishtin\xc3\xab test\n")
    return media


def test_a_backup_restores_into_a_scratch_database_with_the_same_rows_and_files(
    seeded, test_database_url, scratch_database_url, tmp_path
):
    backup = run_script(
        "backup.sh", DATABASE_URL=test_database_url, MEDIA_ROOT=str(seeded), BACKUP_ROOT=str(tmp_path / "b")
    )
    assert backup.returncode == 0, backup.stderr
    folder = Path(backup.stdout.strip().splitlines()[-1])
    assert {p.name for p in folder.iterdir()} == {"database.dump", "media.tar.gz", "SHA256SUMS"}

    restored_media = tmp_path / "restored-media"
    restore = run_script(
        "restore.sh", str(folder), DATABASE_URL=scratch_database_url, MEDIA_ROOT=str(restored_media)
    )
    assert restore.returncode == 0, restore.stderr

    source = row_counts(test_database_url)
    assert source["forums_concern"] == 2
    assert source["actions_action"] == 1
    assert row_counts(scratch_database_url) == source
    restored_pdf = restored_media / "minutes" / "2026" / "minutes-1-v1.pdf"
    assert restored_pdf.read_bytes() == (seeded / "minutes" / "2026" / "minutes-1-v1.pdf").read_bytes()


def test_restore_refuses_a_database_that_already_has_tables(seeded, test_database_url, tmp_path):
    backup = run_script(
        "backup.sh", DATABASE_URL=test_database_url, MEDIA_ROOT=str(seeded), BACKUP_ROOT=str(tmp_path / "b")
    )
    folder = backup.stdout.strip().splitlines()[-1]

    restore = run_script("restore.sh", folder, DATABASE_URL=test_database_url, MEDIA_ROOT=str(tmp_path / "m"))

    assert restore.returncode == 1
    assert "already has" in restore.stderr
    assert row_counts(test_database_url)["forums_concern"] == 2


def test_restore_refuses_a_backup_whose_files_were_altered(seeded, test_database_url, tmp_path):
    backup = run_script(
        "backup.sh", DATABASE_URL=test_database_url, MEDIA_ROOT=str(seeded), BACKUP_ROOT=str(tmp_path / "b")
    )
    folder = Path(backup.stdout.strip().splitlines()[-1])
    with (folder / "media.tar.gz").open("ab") as archive:
        archive.write(b"tampered")

    restore = run_script(
        "restore.sh", str(folder), DATABASE_URL=test_database_url, MEDIA_ROOT=str(tmp_path / "m")
    )

    assert restore.returncode != 0
    assert not (tmp_path / "m").exists()


def test_backup_keeps_only_the_newest_backups(seeded, test_database_url, tmp_path):
    root = tmp_path / "b"
    for stamp in ["2026-01-01T000000Z", "2026-01-02T000000Z", "2026-01-03T000000Z"]:
        (root / stamp).mkdir(parents=True)

    backup = run_script(
        "backup.sh",
        DATABASE_URL=test_database_url,
        MEDIA_ROOT=str(seeded),
        BACKUP_ROOT=str(root),
        BACKUP_KEEP="2",
    )

    assert backup.returncode == 0, backup.stderr
    newest = Path(backup.stdout.strip().splitlines()[-1]).name
    assert sorted(p.name for p in root.iterdir()) == ["2026-01-03T000000Z", newest]
