#!/usr/bin/env bash
# Entry point of compose's `kafka` service (apache/kafka image). compose.yaml runs
# it as `bash /opt/ops/start-kafka.sh`. It reads the broker's own password from its
# compose secret and sets the PLAIN login of the two listeners the broker logs into
# itself (CONTROLLER, BROKER). Then it hands over to the image's start script, which
# turns every KAFKA_* variable into server.properties.
#
# The password is kept out of compose.yaml and out of `docker inspect`. It is
# written only into this container's own server.properties.
# The apps never log in here: they use SCRAM on INTERNAL and PUBLIC, whose users
# kafka-init creates (ops/kafka/bootstrap-kafka.sh).
set -euo pipefail

SECRET=/run/secrets/kafka_admin_password

if ! password=$(cat "$SECRET"); then
  echo "start-kafka: cannot read $SECRET: set KAFKA_ADMIN_PASSWORD in .env" >&2
  exit 1
fi
# JAAS and properties files have their own quoting; a restricted alphabet needs none.
if [[ ! $password =~ ^[A-Za-z0-9_-]{16,}$ ]]; then
  echo "start-kafka: KAFKA_ADMIN_PASSWORD must be 16 or more of A-Z a-z 0-9 _ - (e.g. openssl rand -hex 32): current length is ${#password}" >&2
  exit 1
fi

# One entry serves both sides. user_admin is the only account these listeners
# accept. username/password is how the broker logs into its own controller.
# `admin` is the broker's principal and the only super user (KAFKA_SUPER_USERS).
jaas="org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"$password\" user_admin=\"$password\";"
export KAFKA_LISTENER_NAME_CONTROLLER_PLAIN_SASL_JAAS_CONFIG="$jaas"
export KAFKA_LISTENER_NAME_BROKER_PLAIN_SASL_JAAS_CONFIG="$jaas"

# The client settings of the health check (compose.yaml), readable by this user only.
(
  umask 077
  cat > /opt/kafka/config/admin-client.properties <<EOF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$password";
EOF
)

exec /etc/kafka/docker/run
