# Starts the services the integration tests need (PostgreSQL, MariaDB, Redis) when they are
# down, and stops on exit only what this run started. Sourced by scripts/test.sh.
STARTED_SERVICES=()

services_ensure() {
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    echo "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
    STARTED_SERVICES+=(postgres)
  fi
  if ! mariadb-admin -h 127.0.0.1 -P 3306 -u root ping >/dev/null 2>&1; then
    echo "starting MariaDB"
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
    STARTED_SERVICES+=(mariadb)
  fi
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    echo "starting Redis"
    # No persistence: the tests own every key they write, and a dump file would outlive this run.
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
    STARTED_SERVICES+=(redis)
  fi
  wait_for "PostgreSQL" pg_isready -q -h 127.0.0.1 -p 5432
  wait_for "MariaDB" mariadb-admin -h 127.0.0.1 -P 3306 -u root ping
  wait_for "Redis" redis-cli -h 127.0.0.1 -p 6379 ping
}

wait_for() {
  local name=$1
  shift
  for _ in $(seq 1 60); do
    "$@" >/dev/null 2>&1 && { echo "$name is up"; return 0; }
    sleep 1
  done
  echo "$name did not come up" >&2
  return 1
}

services_stop_started() {
  local status=$?
  for service in "${STARTED_SERVICES[@]:-}"; do
    case "$service" in
      postgres) pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main stop || true ;;
      mariadb) mariadb-admin -h 127.0.0.1 -P 3306 -u root shutdown || true ;;
      redis) redis-cli -h 127.0.0.1 -p 6379 shutdown nosave >/dev/null 2>&1 || true ;;
    esac
  done
  return $status
}
