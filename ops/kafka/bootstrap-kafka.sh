#!/usr/bin/env bash
# compose's one-shot `kafka-init` service (apache/kafka image). It makes Kafka's
# topics, SCRAM users and ACLs match this file before any app starts. The apps wait
# for it (depends_on: service_completed_successfully). It can run again: it runs on
# every `docker compose up`, and each run also resets the SCRAM passwords to the
# current .env values (that is how to rotate one).
#
# Who may do what. The broker refuses everything else (StandardAuthorizer,
# allow.everyone.if.no.acl.found=false). The only super user is `admin`, the broker itself.
#   router  INTERNAL  writes telemetry
#   ingest  INTERNAL  reads movielog and telemetry, in its two consumer groups
#   site    PUBLIC    writes movielog (the streaming site, or the simulator standing in for it)
# Each user has a SCRAM credential for its own listener's mechanism only (INTERNAL:
# SCRAM-SHA-512, PUBLIC: SCRAM-SHA-256). So the site's password cannot log in on
# INTERNAL, and a leaked router password is useless on the published PUBLIC port.
#
# This script only ever adds ACLs. To revoke one, delete its line here and also
# remove it on the cluster (kafka-acls.sh --remove). tests/compose reads the
# `topic`, `user` and `grant` lines below.
set -euo pipefail

BOOTSTRAP=kafka:9095 # the BROKER listener: PLAIN, admin only, not published
BIN=/opt/kafka/bin
PARTITIONS=4

# Prints compose secret $1. Refuses it unless it can go into SCRAM and JAAS settings without quoting.
secret() {
  local value
  if ! value=$(cat "/run/secrets/$1"); then
    echo "bootstrap-kafka: cannot read secret $1 (its variable in .env is missing; see the secrets in compose.yaml)" >&2
    exit 1
  fi
  if [[ ! $value =~ ^[A-Za-z0-9_-]{16,}$ ]]; then
    echo "bootstrap-kafka: secret $1 must be 16 or more of A-Z a-z 0-9 _ - (e.g. openssl rand -hex 32): current length is ${#value}" >&2
    exit 1
  fi
  printf '%s' "$value"
}

ADMIN_CONFIG=$(mktemp)
trap 'rm -f "$ADMIN_CONFIG"' EXIT
admin_password=$(secret kafka_admin_password)
cat > "$ADMIN_CONFIG" <<EOF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$admin_password";
EOF

# topic NAME: creates NAME unless it exists. The broker auto-creates nothing.
topic() {
  "$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" \
    --create --if-not-exists --topic "$1" --partitions "$PARTITIONS" --replication-factor 1
}

# user NAME MECHANISM: sets NAME's SCRAM credential for MECHANISM from secret kafka_NAME_password.
user() {
  local password
  password=$(secret "kafka_$1_password")
  "$BIN/kafka-configs.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" \
    --alter --entity-type users --entity-name "$1" --add-config "$2=[iterations=8192,password=$password]"
}

# grant PRINCIPAL OPERATION topic|group NAME: allows one operation on one resource, named literally (no wildcard, no prefix).
grant() {
  local flag
  case $3 in
    topic) flag=--topic ;;
    group) flag=--group ;;
    *) echo "bootstrap-kafka: grant $*: the resource type must be topic or group, not '$3'" >&2; exit 1 ;;
  esac
  if [[ ! $4 =~ ^[A-Za-z0-9._-]+$ ]]; then
    echo "bootstrap-kafka: grant $*: the resource must be one literal name, not '$4'" >&2
    exit 1
  fi
  "$BIN/kafka-acls.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" \
    --add --allow-principal "User:$1" --operation "$2" "$flag" "$4" --resource-pattern-type literal
}

topic movielog
topic telemetry

user router SCRAM-SHA-512
user ingest SCRAM-SHA-512
user site SCRAM-SHA-256

# Write and Read each imply Describe, which metadata and offset requests need.
grant router Write topic telemetry
grant ingest Read topic movielog
grant ingest Read topic telemetry
grant ingest Read group movielog-ingest
grant ingest Read group telemetry-ingest
grant site Write topic movielog

echo "bootstrap-kafka: topics, users and ACLs in place"
