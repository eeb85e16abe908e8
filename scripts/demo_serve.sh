#!/usr/bin/env bash
# Serves the demo: the web server, the background worker (django-tasks db_worker) and the daily scheduler.
set -u
PY=${PY:-.venv/bin/python}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
# E-mail links point to the address the demo serves on (not the default :8000), unless one is configured.
export CONCERTO_SITE_URL="${CONCERTO_SITE_URL:-http://$HOST:$PORT}"
mkdir -p var
"$PY" manage.py db_worker --no-startup-delay >var/worker.log 2>&1 &
worker=$!
"$PY" manage.py scheduler --interval 300 >var/scheduler.log 2>&1 &
scheduler=$!
trap 'kill $worker $scheduler 2>/dev/null' EXIT INT TERM
echo "Worker (pid $worker) et planificateur (pid $scheduler) démarrés ; journaux dans var/worker.log et var/scheduler.log"
DEBUG=true "$PY" manage.py runserver "$HOST:$PORT"
