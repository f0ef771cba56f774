#!/usr/bin/env bash
# Backs up the database (pg_dump, custom format) and MEDIA_ROOT (the published PDFs) into
# $BACKUP_ROOT/<UTC time>/ with SHA256SUMS, then keeps only the newest $BACKUP_KEEP backups.
# Prints the new folder. Reads DATABASE_URL, MEDIA_ROOT, BACKUP_ROOT, BACKUP_KEEP (default 14) from the
# environment (systemd: forums-backup.service; by hand: `set -a; . /etc/forums/forums.env; set +a`).
# PG_BIN selects the PostgreSQL client programs (default: those on PATH; use the server's major version).
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL is not set}"
: "${MEDIA_ROOT:?MEDIA_ROOT is not set}"
: "${BACKUP_ROOT:?BACKUP_ROOT is not set}"
keep=${BACKUP_KEEP:-14}
pg_bin=${PG_BIN:+$PG_BIN/}
# django-environ also accepts pgsql:// and psql://; libpq only postgres:// and postgresql://.
db_url=$(sed -E 's#^(pgsql|psql)://#postgresql://#' <<<"$DATABASE_URL")

umask 077  # backups hold restricted concerns: readable by this user only
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
final=$BACKUP_ROOT/$stamp
partial=$final.partial
mkdir -p "$partial"
trap 'rm -rf "$partial"' EXIT

# Database first, then media: minutes versions are immutable and their PDF is written before the row is
# committed, so every file a dumped row points to is already on disk when the archive is made.
"${pg_bin}pg_dump" --format=custom --no-owner --no-privileges --file="$partial/database.dump" "$db_url"
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -czf "$partial/media.tar.gz" .
(cd "$partial" && sha256sum database.dump media.tar.gz >SHA256SUMS)
mv "$partial" "$final"
trap - EXIT

# Keep the newest $keep complete backups (folder names sort by time).
find "$BACKUP_ROOT" -mindepth 1 -maxdepth 1 -type d -name '????-??-??T??????Z' | sort | head -n "-$keep" |
  while read -r old; do rm -rf "$old"; done

echo "$final"
