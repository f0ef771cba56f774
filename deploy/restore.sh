#!/usr/bin/env bash
# Restores a backup made by deploy/backup.sh: `deploy/restore.sh /var/backups/forums/<time>`.
# Into DATABASE_URL (an existing, EMPTY database: create it with `createdb -O forums forums`) and
# MEDIA_ROOT (files are added; existing files with the same name are replaced).
# Refuses a database that already has tables, unless FORCE=1 (then existing objects are dropped first).
# Stop web, worker and beat services while restoring production. PG_BIN as in backup.sh.
set -euo pipefail

backup=${1:?usage: restore.sh BACKUP_DIR}
: "${DATABASE_URL:?DATABASE_URL is not set}"
: "${MEDIA_ROOT:?MEDIA_ROOT is not set}"
pg_bin=${PG_BIN:+$PG_BIN/}
db_url=$(sed -E 's#^(pgsql|psql)://#postgresql://#' <<<"$DATABASE_URL")

(cd "$backup" && sha256sum --check --quiet SHA256SUMS)

tables=$("${pg_bin}psql" "$db_url" -Atc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
clean=()
if [ "$tables" != 0 ]; then
  if [ "${FORCE:-}" != 1 ]; then
    echo "restore.sh: the target database already has $tables tables; restore into an empty one or set FORCE=1" >&2
    exit 1
  fi
  clean=(--clean --if-exists)
fi

# One transaction: a failed restore leaves the target as it was.
"${pg_bin}pg_restore" --no-owner --no-privileges --exit-on-error --single-transaction "${clean[@]}" \
  --dbname="$db_url" "$backup/database.dump"
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -xzf "$backup/media.tar.gz"
echo "Restored $backup"
