#!/usr/bin/env bash
# Install Debian's PostgreSQL if missing, start a cluster on 127.0.0.1:5432 and make sure the
# `leadrail` role (password `leadrail`, may create databases) exists. Safe to run again.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

if ! dpkg -s postgresql >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi

version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^${version} main$"; then
  pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | awk '$1=="'"$version"'" && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$version" main start
fi

for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done

su postgres -c "psql -q -v ON_ERROR_STOP=1" <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'leadrail') THEN
    CREATE ROLE leadrail LOGIN CREATEDB PASSWORD 'leadrail';
  END IF;
END
$$;
-- Tests drop their throwaway databases WITH (FORCE), which ends the backends still on them.
GRANT pg_signal_backend TO leadrail;
SQL
echo "postgres ${version} ready on 127.0.0.1:5432 (role leadrail)"
