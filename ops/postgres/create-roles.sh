#!/usr/bin/env bash
# compose's one-shot `db-roles` service (postgres image): after `migrate`, and before any
# service that uses the database starts, it makes every service's Postgres role match
# ops/postgres/roles.sql and sets each role's password from its compose secret. It runs
# on every `docker compose up`; a changed password in .env is how to rotate one.
#
# It connects as the owner (PGHOST, PGUSER, PGDATABASE, PGPASSWORD from compose.yaml).
# Passwords travel in this process's environment, never on a command line. SECRETS_DIR and
# ROLES_SQL move the secrets and roles.sql away from where compose mounts them.
set -euo pipefail

SECRETS=${SECRETS_DIR:-/run/secrets}
ROLES_SQL=${ROLES_SQL:-/opt/ops/roles.sql}

# Prints compose secret $1. Refuses it unless it can go into a postgres:// URL unescaped,
# as each service's DATABASE_URL carries it.
secret() {
  local value
  if ! value=$(cat "$SECRETS/$1"); then
    echo "create-roles: cannot read secret $1 (its variable in .env is missing; see the secrets in compose.yaml)" >&2
    exit 1
  fi
  if [[ ! $value =~ ^[A-Za-z0-9_-]{16,}$ ]]; then
    echo "create-roles: secret $1 must be 16 or more of A-Z a-z 0-9 _ - (e.g. openssl rand -hex 32): current length is ${#value}" >&2
    exit 1
  fi
  printf '%s' "$value"
}

# role SERVICE: the role of SERVICE and its password from secret postgres_SERVICE_password.
ROLES=(router worker ingest trainer release)
for service in "${ROLES[@]}"; do
  password=$(secret "postgres_${service}_password")
  export "ROLE_PASSWORD_${service^^}=$password"
done

psql --no-psqlrc -v ON_ERROR_STOP=1 --quiet -f "$ROLES_SQL"
{
  for service in "${ROLES[@]}"; do
    # \getenv (psql 15+) reads the password into a variable; :'…' quotes it as a literal.
    echo "\\getenv password ROLE_PASSWORD_${service^^}"
    echo "ALTER ROLE recommender_${service} PASSWORD :'password';"
  done
} | psql --no-psqlrc -v ON_ERROR_STOP=1 --quiet
echo "create-roles: roles of ${ROLES[*]} are current"
