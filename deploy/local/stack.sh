#!/usr/bin/env bash
# Vigil local infrastructure: Kafka (KRaft, from Maven Central jars), Elasticsearch (Maven Central's
# integration-test distribution) and Redis (Debian's redis-server), all on 127.0.0.1, no Docker.
#
#   deploy/local/stack.sh up     [component...]   start (idempotent: healthy components are reused)
#   deploy/local/stack.sh down   [component...]   stop (SIGTERM, then SIGKILL after VIGIL_STOP_TIMEOUT s)
#   deploy/local/stack.sh status [component...]   up/down + address; exit 0 only if all are up
#   deploy/local/stack.sh logs   component [-f]   last 100 lines of the component's log (-f: follow)
#   deploy/local/stack.sh reset  [component...]   down, then delete the component's data and logs
#   deploy/local/stack.sh env                     print `export VIGIL_...=` lines for the services
#
# Security: Elasticsearch runs with security on (user `elastic`), Redis with a password, and Kafka has
# a second listener that requires SASL/SCRAM. The passwords are generated at the first `up` into
# ${VIGIL_HOME}/secrets.env (mode 600), which ./vigil and the test helpers read; a component found
# running without them (started before this) is restarted once with them, keeping its data.
#
# Components: kafka, elasticsearch (alias es), redis. Versions and ports: deploy/local/versions.env
# (every value overridable from the environment). State: ${VIGIL_HOME:-<repo>/.vigil}/{kafka,
# elasticsearch,redis}/{data,logs,...}; downloaded distributions are cached in $VIGIL_HOME/dist.
# Missing prerequisites (JDK 17, Maven, redis-server, curl) are installed with apt-get when run as root.
set -euo pipefail
umask 022

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
# shellcheck source-path=SCRIPTDIR source=versions.env
. "$SCRIPT_DIR/versions.env"

VIGIL_HOME="${VIGIL_HOME:-$REPO_ROOT/.vigil}"
DIST_DIR="$VIGIL_HOME/dist"
ALL_COMPONENTS=(elasticsearch kafka redis)
H="$VIGIL_BIND_HOST"

log() { printf 'stack: %s\n' "$*" >&2; }
die() {
  printf 'stack: error: %s\n' "$*" >&2
  exit 1
}
is_root() { [ "$(id -u)" -eq 0 ]; }

# ---------------------------------------------------------------------------- paths
KAFKA_LIBS="$DIST_DIR/kafka_${VIGIL_KAFKA_SCALA_VERSION}-${VIGIL_KAFKA_VERSION}/libs"
KAFKA_DIR="$VIGIL_HOME/kafka"
KAFKA_DATA="$KAFKA_DIR/data"
KAFKA_LOGS="$KAFKA_DIR/logs"
KAFKA_CONF="$KAFKA_DIR/config"
KAFKA_PROPS="$KAFKA_CONF/server.properties"
KAFKA_PID="$KAFKA_DIR/kafka.pid"
KAFKA_LOG="$KAFKA_LOGS/kafka.log"   # broker log (log4j2, rolled)
KAFKA_OUT="$KAFKA_LOGS/kafka.out"   # JVM stdout/stderr (start-up failures land here)

REDIS_DIR="$VIGIL_HOME/redis"
REDIS_DATA="$REDIS_DIR/data"
REDIS_LOGS="$REDIS_DIR/logs"
REDIS_LOG="$REDIS_LOGS/redis.log"
REDIS_PID="$REDIS_DIR/redis.pid"

# Elasticsearch refuses to run as root, so as root it runs as $VIGIL_ES_USER, which must be able
# to reach its files. If $VIGIL_HOME is not traversable by other users (e.g. under /root, mode 700),
# the Elasticsearch distribution and state go to /var/lib/vigil-stack/<hash of VIGIL_HOME> instead.
all_ancestors_traversable() {
  local d="$1"
  while [ -n "$d" ] && [ "$d" != "/" ]; do
    if [ -e "$d" ]; then
      local mode
      mode="$(stat -c %A "$d")"
      [ "${mode:9:1}" = "x" ] || [ "${mode:9:1}" = "t" ] || return 1
    fi
    d="$(dirname "$d")"
  done
}
ES_BASE="$VIGIL_HOME"
if is_root && ! all_ancestors_traversable "$VIGIL_HOME"; then
  ES_BASE="/var/lib/vigil-stack/$(printf '%s' "$VIGIL_HOME" | sha1sum | cut -c1-12)"
fi
ES_HOME_DIR="$ES_BASE/dist/elasticsearch-${VIGIL_ES_VERSION}"
ES_DIR="$ES_BASE/elasticsearch"
ES_DATA="$ES_DIR/data"
ES_LOGS="$ES_DIR/logs"
ES_CONF="$ES_DIR/config"
ES_TMP="$ES_DIR/tmp"
ES_PID="$ES_DIR/run/elasticsearch.pid"        # written by Elasticsearch itself (-p)
ES_LAUNCHER_PID="$ES_DIR/run/launcher.pid"    # the CLI that starts it (exits once it is up)
ES_CLUSTER_NAME="vigil-local"
ES_LOG="$ES_LOGS/${ES_CLUSTER_NAME}.log"
ES_OUT="$ES_LOGS/launcher.out"
SECRETS="$VIGIL_HOME/secrets.env"

canon() {
  case "$1" in
    kafka) echo kafka ;;
    es | elasticsearch) echo elasticsearch ;;
    redis) echo redis ;;
    *) die "unknown component '$1' (kafka, elasticsearch, redis)" ;;
  esac
}
components_from_args() {
  # Prints the requested components in start order (elasticsearch first: it is the slowest).
  local want=() c a
  if [ "$#" -eq 0 ]; then
    want=("${ALL_COMPONENTS[@]}")
  else
    for a in "$@"; do want+=("$(canon "$a")"); done
  fi
  for c in "${ALL_COMPONENTS[@]}"; do
    for a in "${want[@]}"; do [ "$a" = "$c" ] && { echo "$c"; break; }; done
  done
}
addr_of() {
  case "$1" in
    kafka) echo "$H:$VIGIL_KAFKA_PORT" ;;
    elasticsearch) echo "$H:$VIGIL_ES_PORT" ;;
    redis) echo "$H:$VIGIL_REDIS_PORT" ;;
  esac
}
log_files_of() {
  case "$1" in
    kafka) echo "$KAFKA_LOG $KAFKA_OUT" ;;
    elasticsearch) echo "$ES_LOG $ES_OUT" ;;
    redis) echo "$REDIS_LOG" ;;
  esac
}

# ---------------------------------------------------------------------------- secrets
# The generated credentials, made once (mode 600) and kept: data directories remember them.
random_secret() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
secret_of() { if [ -f "$SECRETS" ]; then sed -n "s/^$1=//p" "$SECRETS" | tail -n 1; fi; }
ensure_secrets() {
  mkdir -p "$VIGIL_HOME"
  (umask 077 && touch "$SECRETS")
  chmod 600 "$SECRETS"
  local name value
  for name in VIGIL_ELASTICSEARCH_USERNAME VIGIL_ELASTICSEARCH_PASSWORD VIGIL_REDIS_PASSWORD \
    VIGIL_LOCAL_KAFKA_SCRAM_BROKERS VIGIL_LOCAL_KAFKA_SCRAM_USERNAME VIGIL_LOCAL_KAFKA_SCRAM_PASSWORD; do
    [ -n "$(secret_of "$name")" ] && continue
    case "$name" in
      VIGIL_ELASTICSEARCH_USERNAME) value=elastic ;;
      VIGIL_LOCAL_KAFKA_SCRAM_BROKERS) value="$H:$VIGIL_KAFKA_SASL_PORT" ;;
      VIGIL_LOCAL_KAFKA_SCRAM_USERNAME) value="$VIGIL_KAFKA_SCRAM_USER" ;;
      *) value="$(random_secret)" ;;
    esac
    printf '%s=%s\n' "$name" "$value" >>"$SECRETS"
  done
  ES_PASSWORD="$(secret_of VIGIL_ELASTICSEARCH_PASSWORD)"
  REDIS_PASSWORD="$(secret_of VIGIL_REDIS_PASSWORD)"
  KAFKA_SCRAM_PASSWORD="$(secret_of VIGIL_LOCAL_KAFKA_SCRAM_PASSWORD)"
}
# Status and health checks read the secrets as they are (and never create them).
ES_PASSWORD="$(secret_of VIGIL_ELASTICSEARCH_PASSWORD)"
REDIS_PASSWORD="$(secret_of VIGIL_REDIS_PASSWORD)"
KAFKA_SCRAM_PASSWORD="$(secret_of VIGIL_LOCAL_KAFKA_SCRAM_PASSWORD)"

# ---------------------------------------------------------------------------- prerequisites
find_jdk() {
  # A JDK 17 (preferred: Elasticsearch 8.19 and Kafka 4.x both run on it), else 21.
  local arch c
  arch="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
  for c in "${VIGIL_JAVA_HOME:-}" "/usr/lib/jvm/java-17-openjdk-$arch" /usr/lib/jvm/java-17-openjdk* \
    /usr/lib/jvm/*-17-* /usr/lib/jvm/*jdk-17* /usr/lib/jvm/java-21-openjdk-"$arch" /usr/lib/jvm/*-21-*; do
    [ -n "$c" ] && [ -x "$c/bin/java" ] && { echo "$c"; return 0; }
  done
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    local v
    v="$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
    case "$v" in 17 | 21) echo "$JAVA_HOME"; return 0 ;; esac
  fi
  return 1
}

APT_UPDATED=0
apt_install() {
  is_root || die "missing: $* — install it (e.g. 'sudo apt-get install -y $*') or run this script as root"
  command -v apt-get >/dev/null || die "missing: $* and no apt-get to install it"
  log "installing with apt-get: $*"
  # Keep Debian's packages from starting their own services (e.g. a system redis on 6379).
  local made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && made_policy=1
  fi
  local rc=0
  if [ "$APT_UPDATED" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || rc=$?
    APT_UPDATED=1
  fi
  if [ "$rc" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null || rc=$?
  fi
  [ "$made_policy" -eq 1 ] && rm -f /usr/sbin/policy-rc.d
  [ "$rc" -eq 0 ] || die "apt-get install $* failed (exit $rc)"
}

JDK=""
ensure_prereqs() {
  local pkgs=() need_java=0 c
  for c in "$@"; do
    case "$c" in kafka | elasticsearch) need_java=1 ;; esac
  done
  if [ "$need_java" -eq 1 ]; then
    find_jdk >/dev/null || pkgs+=(openjdk-17-jdk-headless)
    command -v mvn >/dev/null || pkgs+=(maven)
  fi
  # curl is needed for every status check; redis-server is installed later by ensure_redis
  # (after Elasticsearch, the slowest, has been started).
  command -v curl >/dev/null || pkgs+=(curl)
  [ "${#pkgs[@]}" -eq 0 ] || apt_install "${pkgs[@]}"
  if [ "$need_java" -eq 1 ]; then
    JDK="$(find_jdk)" || die "no JDK 17 or 21 found under /usr/lib/jvm (set VIGIL_JAVA_HOME)"
  fi
}

mvn_props() {
  echo "-Dkafka.version=$VIGIL_KAFKA_VERSION" "-Dscala.binary.version=$VIGIL_KAFKA_SCALA_VERSION" \
    "-Dlog4j.version=$VIGIL_LOG4J_VERSION" "-Dkafka.libs.dir=$KAFKA_LIBS" \
    "-Delasticsearch.version=$VIGIL_ES_VERSION" "-Delasticsearch.dist.dir=$ES_BASE/dist"
}
run_mvn() {
  local goal="$1"
  local out="$DIST_DIR/mvn.log"
  mkdir -p "$DIST_DIR"
  # shellcheck disable=SC2046
  if ! JAVA_HOME="$JDK" mvn -B -q -Dstyle.color=never -f "$SCRIPT_DIR/pom.xml" "$goal" $(mvn_props) >"$out" 2>&1; then
    tail -n 40 "$out" >&2
    die "Maven could not fetch ($goal); full output in $out"
  fi
}
ensure_kafka_dist() {
  [ -f "$KAFKA_LIBS/.complete" ] && return 0
  log "fetching Kafka ${VIGIL_KAFKA_VERSION} jars from Maven Central into ${KAFKA_LIBS}"
  mkdir -p "$KAFKA_LIBS"
  run_mvn dependency:copy-dependencies@kafka
  ls "$KAFKA_LIBS"/kafka_"${VIGIL_KAFKA_SCALA_VERSION}"-*.jar >/dev/null 2>&1 || die "Kafka jars missing after fetch"
  touch "$KAFKA_LIBS/.complete"
}
ensure_es_dist() {
  [ -f "$ES_HOME_DIR/.complete" ] && return 0
  log "fetching Elasticsearch ${VIGIL_ES_VERSION} (integ-test-zip) from Maven Central into ${ES_HOME_DIR}"
  rm -rf "$ES_HOME_DIR" "$ES_BASE/dist/.markers"
  mkdir -p "$ES_BASE/dist"
  run_mvn dependency:unpack@elasticsearch
  [ -f "$ES_HOME_DIR/bin/elasticsearch" ] || die "Elasticsearch distribution missing after unpack"
  chmod -R a+rX "$ES_HOME_DIR"
  find "$ES_HOME_DIR/bin" -type f ! -name '*.bat' ! -name '*.exe' -exec chmod a+x {} +
  touch "$ES_HOME_DIR/.complete"
}

# ---------------------------------------------------------------------------- process helpers
read_pid() { if [ -f "$1" ]; then tr -dc '0-9' <"$1"; fi; }
pid_matches() {
  # pid_matches PID PATTERN: the process is alive and its command line contains PATTERN.
  local pid="$1" pat="$2"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$pat"
}
port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

kafka_pid() { local p; p="$(read_pid "$KAFKA_PID")"; if pid_matches "$p" kafka.Kafka; then echo "$p"; fi; }
es_pid() { local p; p="$(read_pid "$ES_PID")"; if pid_matches "$p" org.elasticsearch.bootstrap.Elasticsearch; then echo "$p"; fi; }
es_launcher_pid() { local p; p="$(read_pid "$ES_LAUNCHER_PID")"; if pid_matches "$p" org.elasticsearch.launcher; then echo "$p"; fi; }
redis_pid() { local p; p="$(read_pid "$REDIS_PID")"; if pid_matches "$p" redis-server; then echo "$p"; fi; }

# Is our process for the component (still) running, including an Elasticsearch launcher mid-start?
alive() {
  case "$1" in
    kafka) [ -n "$(kafka_pid)" ] ;;
    elasticsearch) [ -n "$(es_pid)" ] || [ -n "$(es_launcher_pid)" ] ;;
    redis) [ -n "$(redis_pid)" ] ;;
  esac
}

# ---------------------------------------------------------------------------- health checks
kafka_healthy() {
  port_open "$H" "$VIGIL_KAFKA_PORT" || return 1
  [ -f "$KAFKA_LIBS/.complete" ] || return 1
  local java="${JDK:-$(find_jdk || true)}"
  [ -n "$java" ] || return 1
  [ -f "$KAFKA_CONF/client.properties" ] || write_kafka_client_config
  # A real metadata request (list topics) with the broker's own CLI.
  timeout 30 "$java/bin/java" -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dlog4j2.level=OFF -Dlog4j2.rootLevel=OFF -cp "$KAFKA_LIBS/*" org.apache.kafka.tools.TopicCommand \
    --bootstrap-server "$H:$VIGIL_KAFKA_PORT" --command-config "$KAFKA_CONF/client.properties" \
    --list >/dev/null 2>&1
}
# curl's credentials come on stdin (--config -), not the command line other users can read.
es_curl() { printf 'user = "elastic:%s"\n' "$ES_PASSWORD" | curl --config - "$@"; }
es_healthy() {
  local body
  body="$(es_curl -sS -m 5 "http://$H:$VIGIL_ES_PORT/_cluster/health?wait_for_status=yellow&timeout=1s" 2>/dev/null)" || return 1
  printf '%s' "$body" | grep -Eq '"status":"(green|yellow)"'
}
# Redis answers PONG to the default user with the generated password (none before the first up).
redis_healthy() {
  if command -v redis-cli >/dev/null; then
    [ "$(env ${REDIS_PASSWORD:+REDISCLI_AUTH="$REDIS_PASSWORD"} timeout 3 redis-cli -h "$H" -p "$VIGIL_REDIS_PORT" ping 2>/dev/null)" = "PONG" ]
  else
    redis_raw "${REDIS_PASSWORD:+AUTH $REDIS_PASSWORD\r\n}PING\r\n" | grep -q '+PONG'
  fi
}
# Raw RESP commands; QUIT makes Redis close the connection so the reply is read to its end.
redis_raw() {
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"; printf "$2QUIT\r\n" >&3; cat <&3' "$H" "$VIGIL_REDIS_PORT" "$1" 2>/dev/null
}
# Does the running component answer clients without credentials (started by an earlier version of
# this script)? Only a positive answer counts: a slow or half-started server is never restarted for it.
insecure() {
  case "$1" in
    kafka) port_open "$H" "$VIGIL_KAFKA_PORT" && ! port_open "$H" "$VIGIL_KAFKA_SASL_PORT" ;;
    elasticsearch)
      [ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://$H:$VIGIL_ES_PORT/_cluster/health")" = 200 ] ;;
    redis) redis_raw 'PING\r\n' | grep -q '^+PONG' ;;
  esac
}
healthy() {
  case "$1" in
    kafka) kafka_healthy ;;
    elasticsearch) es_healthy ;;
    redis) redis_healthy ;;
  esac
}
port_of() {
  case "$1" in
    kafka) echo "$VIGIL_KAFKA_PORT" ;;
    elasticsearch) echo "$VIGIL_ES_PORT" ;;
    redis) echo "$VIGIL_REDIS_PORT" ;;
  esac
}

# ---------------------------------------------------------------------------- Kafka
write_kafka_client_config() {
  mkdir -p "$KAFKA_CONF"
  cat >"$KAFKA_CONF/client.properties" <<EOF
# Client settings for Kafka's CLI tools against the local broker (--command-config).
request.timeout.ms=10000
default.api.timeout.ms=20000
EOF
}
write_kafka_config() {
  mkdir -p "$KAFKA_DATA" "$KAFKA_LOGS" "$KAFKA_CONF"
  cat >"$KAFKA_PROPS" <<EOF
# Generated by deploy/local/stack.sh from versions.env — edits are overwritten on 'up'.
# One KRaft node acting as broker and controller, loopback only.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$H:$VIGIL_KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$H:$VIGIL_KAFKA_PORT,CONTROLLER://$H:$VIGIL_KAFKA_CONTROLLER_PORT,SASL://$H:$VIGIL_KAFKA_SASL_PORT
advertised.listeners=PLAINTEXT://$H:$VIGIL_KAFKA_PORT,SASL://$H:$VIGIL_KAFKA_SASL_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL:SASL_PLAINTEXT

# The SASL listener takes SCRAM only; its users live in the cluster metadata (ensure_kafka_scram_user).
sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512
listener.name.sasl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
log.dirs=$KAFKA_DATA
metadata.log.dir=$KAFKA_DATA

# Topics are created explicitly (libs/contracts), never by a typo.
auto.create.topics.enable=false
num.partitions=1
default.replication.factor=1
min.insync.replicas=1

# Internal topics on a single node.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0

num.network.threads=2
num.io.threads=4
log.retention.hours=168
log.segment.bytes=268435456
EOF
  cat >"$KAFKA_CONF/log4j2.properties" <<EOF
# Generated by deploy/local/stack.sh. Broker log: $KAFKA_LOG (rolled at 20 MB, 5 kept).
status = warn
name = vigil-kafka
appender.file.type = RollingFile
appender.file.name = file
appender.file.fileName = $KAFKA_LOG
appender.file.filePattern = $KAFKA_LOG.%i
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 20MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 5
rootLogger.level = info
rootLogger.appenderRef.file.ref = file
logger.request.name = kafka.request.logger
logger.request.level = warn
logger.cleaner.name = kafka.log.LogCleaner
logger.cleaner.level = info
EOF
  write_kafka_client_config
}
kafka_java() { echo "$JDK/bin/java"; }
# The SCRAM user of the SASL listener, set (again) when the password differs from the one last set.
ensure_kafka_scram_user() {
  local marker="$KAFKA_DIR/scram-user.sha256" want mechanism
  want="$(printf '%s:%s' "$VIGIL_KAFKA_SCRAM_USER" "$KAFKA_SCRAM_PASSWORD" | sha256sum | cut -c1-64)"
  [ "$(cat "$marker" 2>/dev/null)" = "$want" ] && return 0
  # One mechanism per request: KRaft refuses two credentials of one user altered together.
  for mechanism in SCRAM-SHA-256 SCRAM-SHA-512; do
    "$(kafka_java)" -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dlog4j2.level=OFF -Dlog4j2.rootLevel=OFF \
      -cp "$KAFKA_LIBS/*" org.apache.kafka.tools.ConfigCommand --bootstrap-server "$H:$VIGIL_KAFKA_PORT" \
      --command-config "$KAFKA_CONF/client.properties" --alter --entity-type users \
      --entity-name "$VIGIL_KAFKA_SCRAM_USER" --add-config "$mechanism=[password=$KAFKA_SCRAM_PASSWORD]" \
      >>"$KAFKA_OUT" 2>&1 || { tail -n 20 "$KAFKA_OUT" >&2; log "kafka: could not set the SCRAM user"; return 1; }
  done
  echo "$want" >"$marker"
  log "kafka: SCRAM user '$VIGIL_KAFKA_SCRAM_USER' set on $H:$VIGIL_KAFKA_SASL_PORT"
}
start_kafka() {
  write_kafka_config
  : >>"$KAFKA_OUT"
  local java
  java="$(kafka_java)"
  # Format the metadata log once; --ignore-formatted makes this a no-op on existing data.
  if [ ! -f "$KAFKA_DATA/meta.properties" ]; then
    "$java" -Xmx256m -Dlog4j2.configurationFile="$KAFKA_CONF/log4j2.properties" -cp "$KAFKA_LIBS/*" \
      kafka.tools.StorageTool format -t "$VIGIL_KAFKA_CLUSTER_ID" -c "$KAFKA_PROPS" --ignore-formatted \
      >>"$KAFKA_OUT" 2>&1 || { tail -n 40 "$KAFKA_OUT" >&2; die "kafka: formatting storage failed"; }
  fi
  rm -f "$KAFKA_PID"
  (
    cd "$KAFKA_DIR"
    setsid nohup "$java" -Xms"$VIGIL_KAFKA_HEAP" -Xmx"$VIGIL_KAFKA_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
      -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
      -XX:ErrorFile="$KAFKA_LOGS/hs_err_pid%p.log" \
      -Dlog4j2.configurationFile="$KAFKA_CONF/log4j2.properties" -Dkafka.logs.dir="$KAFKA_LOGS" \
      -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_PROPS" >>"$KAFKA_OUT" 2>&1 </dev/null 9>&- &
    echo $! >"$KAFKA_PID"
  )
}

# ---------------------------------------------------------------------------- Elasticsearch
ensure_es_user() {
  is_root || return 0
  getent passwd "$VIGIL_ES_USER" >/dev/null && return 0
  log "creating system user $VIGIL_ES_USER (Elasticsearch refuses to run as root)"
  useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
    "$VIGIL_ES_USER" || die "could not create user $VIGIL_ES_USER"
}
write_es_config() {
  mkdir -p "$ES_DATA" "$ES_LOGS" "$ES_CONF" "$ES_TMP" "$ES_DIR/run"
  # Keep the distribution's config files (log4j2, jvm.options.d, ...) but never overwrite the keystore.
  if [ ! -f "$ES_CONF/log4j2.properties" ]; then
    cp -R "$ES_HOME_DIR/config/." "$ES_CONF/"
  fi
  # jvm.options from the distribution, with its relative file paths made absolute into our logs dir.
  sed -e "s#-XX:ErrorFile=hs_err_pid%p.log#-XX:ErrorFile=$ES_LOGS/hs_err_pid%p.log#" \
    -e "s#file=gc.log:#file=$ES_LOGS/gc.log:#" \
    -e "s#^-XX:HeapDumpPath=.*#-XX:HeapDumpPath=$ES_DATA#" \
    "$ES_HOME_DIR/config/jvm.options" >"$ES_CONF/jvm.options"
  {
    echo "# Generated by deploy/local/stack.sh from versions.env — edits are overwritten on 'up'."
    echo "cluster.name: $ES_CLUSTER_NAME"
    echo "node.name: vigil-local-1"
    echo "path.data: $ES_DATA"
    echo "path.logs: $ES_LOGS"
    echo "network.host: $H"
    echo "http.port: $VIGIL_ES_PORT"
    echo "transport.port: $VIGIL_ES_TRANSPORT_PORT"
    echo "discovery.type: single-node"
    echo "cluster.routing.allocation.disk.threshold_enabled: false"
    echo "action.destructive_requires_name: false"
    # Security on: every request needs the elastic user's password (bootstrap.password in the
    # keystore). HTTP stays plaintext on loopback; clients can be given a CA for an https:// URL.
    echo "xpack.security.enabled: true"
    echo "xpack.security.http.ssl.enabled: false"
    echo "xpack.security.transport.ssl.enabled: false"
    # Settings that belong to a module may only be given when the module is there.
    if [ -d "$ES_HOME_DIR/modules/ingest-geoip" ]; then
      echo "ingest.geoip.downloader.enabled: false"
    fi
  } >"$ES_CONF/elasticsearch.yml"
  if is_root; then
    chown -R "$VIGIL_ES_USER:" "$ES_DIR"
  fi
  set_es_bootstrap_password
}
# The elastic user's password, read by Elasticsearch at start from its keystore (bootstrap.password)
# for as long as nobody changes it through the API: so a data directory made before security was on
# gets the password on its next start, and a fresh one on its first.
set_es_bootstrap_password() {
  local marker="$ES_CONF/.bootstrap-password.sha256" want
  want="$(printf '%s' "$ES_PASSWORD" | sha256sum | cut -c1-64)"
  [ -f "$ES_CONF/elasticsearch.keystore" ] && [ "$(cat "$marker" 2>/dev/null)" = "$want" ] && return 0
  local cmd=(env "ES_JAVA_HOME=$JDK" "ES_PATH_CONF=$ES_CONF" "$ES_HOME_DIR/bin/elasticsearch-keystore")
  if is_root; then cmd=(runuser -u "$VIGIL_ES_USER" -- "${cmd[@]}"); fi
  if [ ! -f "$ES_CONF/elasticsearch.keystore" ]; then
    "${cmd[@]}" create >>"$ES_OUT" 2>&1 || die "elasticsearch: could not create the keystore"
  fi
  printf '%s' "$ES_PASSWORD" | "${cmd[@]}" add -f -x bootstrap.password >>"$ES_OUT" 2>&1 ||
    die "elasticsearch: could not put the elastic password in the keystore"
  echo "$want" >"$marker"
}
start_es() {
  if is_root; then
    ensure_es_user
    all_ancestors_traversable "$ES_HOME_DIR" || die "elasticsearch: $ES_HOME_DIR is not reachable by $VIGIL_ES_USER"
  fi
  write_es_config
  rm -f "$ES_PID" "$ES_LAUNCHER_PID"
  : >>"$ES_OUT"
  local cmd=(env "ES_JAVA_HOME=$JDK" "ES_PATH_CONF=$ES_CONF" "ES_TMPDIR=$ES_TMP"
    "ES_JAVA_OPTS=-Xms$VIGIL_ES_HEAP -Xmx$VIGIL_ES_HEAP ${VIGIL_ES_EXTRA_JAVA_OPTS:-}"
    "$ES_HOME_DIR/bin/elasticsearch" -d -p "$ES_PID")
  if is_root; then
    cmd=(runuser -u "$VIGIL_ES_USER" -- "${cmd[@]}")
    chown "$VIGIL_ES_USER:" "$ES_OUT"
  fi
  (
    cd "$ES_DIR"
    setsid nohup "${cmd[@]}" >>"$ES_OUT" 2>&1 </dev/null 9>&- &
    launcher=$!
    # runuser forks; remember the launcher JVM (its child) once it is there.
    for _ in $(seq 1 50); do
      p="$(pgrep -P "$launcher" 2>/dev/null | head -n1 || true)"
      if pid_matches "$launcher" org.elasticsearch.launcher; then p="$launcher"; fi
      if [ -n "$p" ] && pid_matches "$p" org.elasticsearch.launcher; then
        echo "$p" >"$ES_LAUNCHER_PID"
        break
      fi
      kill -0 "$launcher" 2>/dev/null || break
      sleep 0.1
    done
  )
}

# ---------------------------------------------------------------------------- Redis
ensure_redis() {
  command -v redis-server >/dev/null && return 0
  is_root || die "redis-server is not installed: run 'sudo apt-get install -y $VIGIL_REDIS_PACKAGE' (Debian's package) or run this script as root"
  apt_install "$VIGIL_REDIS_PACKAGE"
  command -v redis-server >/dev/null || die "redis-server still missing after installing $VIGIL_REDIS_PACKAGE"
}
# shellcheck disable=SC2094 # redis-server writes its log itself; we only append early errors
start_redis() {
  mkdir -p "$REDIS_DATA" "$REDIS_LOGS"
  rm -f "$REDIS_PID"
  # The password goes in a file of mode 600, not on the command line that every user can read.
  (
    umask 077
    printf '# Generated by deploy/local/stack.sh on each start.\nrequirepass %s\n' "$REDIS_PASSWORD" \
      >"$REDIS_DIR/redis-auth.conf"
  )
  # Dev stack: append-only file (fsync every second) so data survives down/up; no RDB snapshots.
  redis-server "$REDIS_DIR/redis-auth.conf" --bind "$H" --port "$VIGIL_REDIS_PORT" --protected-mode yes \
    --dir "$REDIS_DATA" --daemonize yes --pidfile "$REDIS_PID" --logfile "$REDIS_LOG" \
    --save '' --appendonly yes --appendfsync everysec \
    >>"$REDIS_LOG" 2>&1 </dev/null 9>&- || { tail -n 40 "$REDIS_LOG" >&2; die "redis: redis-server failed to start"; }
}

# ---------------------------------------------------------------------------- commands
timeout_of() {
  case "$1" in
    kafka) echo "$VIGIL_KAFKA_TIMEOUT" ;;
    elasticsearch) echo "$VIGIL_ES_TIMEOUT" ;;
    redis) echo "$VIGIL_REDIS_TIMEOUT" ;;
  esac
}
# Log sizes when a component was (re)started, so a failure shows this run's lines, not the last run's.
declare -A LOG_OFFSET=()
mark_logs() {
  local f
  for f in $(log_files_of "$1"); do
    LOG_OFFSET[$f]="$(stat -c %s "$f" 2>/dev/null || echo 0)"
  done
}
show_log_tail() {
  local c="$1" f off size
  for f in $(log_files_of "$c"); do
    [ -s "$f" ] || continue
    off="${LOG_OFFSET[$f]:-0}"
    size="$(stat -c %s "$f")"
    [ "$size" -ge "$off" ] || off=0 # rolled over meanwhile
    [ "$size" -gt "$off" ] || continue
    echo "----- $c: last 40 lines of $f -----" >&2
    tail -c +"$((off + 1))" "$f" | tail -n 40 >&2
  done
}
wait_healthy() {
  # wait_healthy COMPONENT DEADLINE(epoch s)
  local c="$1" deadline="$2"
  while :; do
    if [ "$c" = kafka ] && ! port_open "$H" "$VIGIL_KAFKA_PORT"; then
      : # cheap probe first; the JVM metadata check only once the port answers
    elif healthy "$c"; then
      return 0
    fi
    if ! alive "$c"; then
      sleep 1
      healthy "$c" && return 0
      log "$c: process exited before it became healthy"
      return 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "$c: not healthy after $(timeout_of "$c") s"
      return 1
    fi
    sleep 1
  done
}

cmd_up() {
  local comps c
  mapfile -t comps < <(components_from_args "$@")
  local t0
  t0="$(date +%s)"
  mkdir -p "$VIGIL_HOME"
  ensure_secrets
  ensure_prereqs "${comps[@]}"
  declare -A deadline=()
  declare -A state=()
  for c in "${comps[@]}"; do
    if alive "$c" && insecure "$c"; then
      # Started by an earlier version of this script, without authentication: restart it once.
      log "$c: running without authentication; restarting it with the credentials in $SECRETS"
      stop_component "$c" >/dev/null
    fi
    if alive "$c"; then
      if healthy "$c"; then
        state[$c]=reused
      else
        state[$c]=starting # ours and still coming up (e.g. a concurrent 'up'): wait for it
        deadline[$c]=$(($(date +%s) + $(timeout_of "$c")))
      fi
      continue
    fi
    if port_open "$H" "$(port_of "$c")"; then
      if healthy "$c"; then
        log "$c: something not started by this script already answers on $(addr_of "$c"); reusing it"
        state[$c]=reused
        continue
      fi
      die "$c: port $(addr_of "$c") is in use by another process"
    fi
    mark_logs "$c"
    case "$c" in
      elasticsearch) ensure_es_dist; start_es ;;
      kafka) ensure_kafka_dist; start_kafka ;;
      redis) ensure_redis; start_redis ;;
    esac
    state[$c]=started
    deadline[$c]=$(($(date +%s) + $(timeout_of "$c")))
  done
  local failed=0
  # Fastest first; each has its own deadline counted from its own start.
  for c in redis kafka elasticsearch; do
    [ -n "${state[$c]:-}" ] || continue
    if [ "${state[$c]}" != reused ] && ! wait_healthy "$c" "${deadline[$c]}"; then
      show_log_tail "$c"
      state[$c]=failed
      failed=1
    fi
  done
  if [ -n "${state[kafka]:-}" ] && [ "${state[kafka]}" != failed ] && ! ensure_kafka_scram_user; then
    state[kafka]=failed
    failed=1
  fi
  for c in "${comps[@]}"; do
    case "${state[$c]}" in
      failed) printf '%-14s FAILED %s\n' "$c" "$(addr_of "$c")" ;;
      reused) printf '%-14s %s (already running)\n' "$c" "$(addr_of "$c")" ;;
      *) printf '%-14s %s\n' "$c" "$(addr_of "$c")" ;;
    esac
  done
  log "up took $(($(date +%s) - t0)) s"
  [ "$failed" -eq 0 ] || die "some components did not become healthy (logs: deploy/local/stack.sh logs COMPONENT)"
}

stop_pid() {
  # stop_pid NAME PID: SIGTERM, wait up to VIGIL_STOP_TIMEOUT s, then SIGKILL.
  local name="$1" pid="$2" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < VIGIL_STOP_TIMEOUT * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    [ -r "/proc/$pid/stat" ] && [ "$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)" = Z ] && return 0
    sleep 0.1
  done
  log "$name: still running ${VIGIL_STOP_TIMEOUT} s after SIGTERM; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  sleep 0.5
}
stop_component() {
  local c="$1" p lp
  case "$c" in
    kafka) p="$(kafka_pid)"; [ -z "$p" ] || stop_pid kafka "$p"; rm -f "$KAFKA_PID" ;;
    elasticsearch)
      lp="$(es_launcher_pid)"
      p="$(es_pid)"
      [ -z "$lp" ] || stop_pid elasticsearch-launcher "$lp"
      [ -z "$p" ] || stop_pid elasticsearch "$p"
      rm -f "$ES_PID" "$ES_LAUNCHER_PID"
      ;;
    redis) p="$(redis_pid)"; [ -z "$p" ] || stop_pid redis "$p"; rm -f "$REDIS_PID" ;;
  esac
  if [ -z "${p:-}" ] && [ -z "${lp:-}" ]; then
    printf '%-14s already down\n' "$c"
  else
    printf '%-14s stopped\n' "$c"
  fi
  if port_open "$H" "$(port_of "$c")"; then
    log "warning: $(addr_of "$c") still answers (a process not started by this script?)"
  fi
}
cmd_down() {
  local comps c pids=()
  mapfile -t comps < <(components_from_args "$@")
  for c in "${comps[@]}"; do
    stop_component "$c" &
    pids+=($!)
  done
  local rc=0 p
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  return "$rc"
}

cmd_status() {
  local comps c all=0 pid
  mapfile -t comps < <(components_from_args "$@")
  for c in "${comps[@]}"; do
    pid=""
    case "$c" in
      kafka) pid="$(kafka_pid)" ;;
      elasticsearch) pid="$(es_pid)" ;;
      redis) pid="$(redis_pid)" ;;
    esac
    if healthy "$c"; then
      printf '%-14s up    %s%s\n' "$c" "$(addr_of "$c")" "${pid:+  (pid $pid)}"
    elif alive "$c"; then
      printf '%-14s down  %s  (process running but not healthy yet)\n' "$c" "$(addr_of "$c")"
      all=1
    else
      printf '%-14s down  %s\n' "$c" "$(addr_of "$c")"
      all=1
    fi
  done
  return "$all"
}

cmd_logs() {
  [ "$#" -ge 1 ] || die "usage: stack.sh logs COMPONENT [-f]"
  local c follow=0 a
  c=""
  for a in "$@"; do
    case "$a" in -f | --follow) follow=1 ;; *) c="$(canon "$a")" ;; esac
  done
  [ -n "$c" ] || die "usage: stack.sh logs COMPONENT [-f]"
  local f
  f="$(log_files_of "$c" | cut -d' ' -f1)"
  [ -f "$f" ] || die "no log yet for $c ($f)"
  if [ "$follow" -eq 1 ]; then
    exec tail -n 100 -F "$f"
  fi
  tail -n 100 "$f"
}

cmd_reset() {
  local comps c
  mapfile -t comps < <(components_from_args "$@")
  cmd_down "${comps[@]}"
  for c in "${comps[@]}"; do
    case "$c" in
      kafka) rm -rf "$KAFKA_DIR" ;;
      elasticsearch) rm -rf "$ES_DIR" ;;
      redis) rm -rf "$REDIS_DIR" ;;
    esac
    printf '%-14s data and logs deleted\n' "$c"
  done
}

cmd_env() {
  echo "export VIGIL_KAFKA_BROKERS=$VIGIL_KAFKA_BROKERS"
  echo "export VIGIL_ELASTICSEARCH_URL=$VIGIL_ELASTICSEARCH_URL"
  echo "export VIGIL_REDIS_URL=$VIGIL_REDIS_URL"
  [ -z "$ES_PASSWORD" ] || echo "export VIGIL_ELASTICSEARCH_USERNAME=elastic VIGIL_ELASTICSEARCH_PASSWORD=$ES_PASSWORD"
  [ -z "$REDIS_PASSWORD" ] || echo "export VIGIL_REDIS_PASSWORD=$REDIS_PASSWORD"
}

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
}

# Serialise commands that change the stack (two concurrent 'up's would start two brokers).
take_lock() {
  mkdir -p "$VIGIL_HOME"
  command -v flock >/dev/null || return 0
  # fd 9 is closed for every daemon we start (9>&-), so they never hold the lock.
  exec 9>"$VIGIL_HOME/.stack.lock"
  flock -w 600 9 || die "another stack.sh is still running (lock $VIGIL_HOME/.stack.lock)"
}

main() {
  local verb="${1:-}"
  [ "$#" -eq 0 ] || shift
  case "$verb" in up | down | stop | reset) take_lock ;; esac
  case "$verb" in
    up) cmd_up "$@" ;;
    down | stop) cmd_down "$@" ;;
    status) cmd_status "$@" ;;
    logs | log) cmd_logs "$@" ;;
    reset) cmd_reset "$@" ;;
    env) cmd_env ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}
main "$@"
