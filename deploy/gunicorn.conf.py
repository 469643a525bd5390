"""gunicorn's settings for hotline-web.service: `gunicorn --config deploy/gunicorn.conf.py hotline.wsgi:app`.

The app's own settings come from /etc/hotline/hotline.env (the unit's EnvironmentFile). The number
of worker processes is gunicorn's WEB_CONCURRENCY there (1 when unset); any other setting can be
changed there too with GUNICORN_CMD_ARGS, e.g. GUNICORN_CMD_ARGS="--threads 8".
"""

from hotline.infra.logs import ACCESS_LOG_FORMAT

# nginx is the only client: deploy/nginx/hotline.conf proxies to this address.
bind = "127.0.0.1:8000"

# Threads within each process: a webhook step waits mostly on PostgreSQL, and threads share one
# database pool. (With SQLite use process workers instead: worker_class "sync".)
worker_class = "gthread"
threads = 4

# A worker that stops answering its arbiter for this long is restarted; a stop waits this long for
# requests in flight (the unit's TimeoutStopSec is longer).
timeout = 30
graceful_timeout = 30
# nginx keeps its connections to gunicorn open (upstream keepalive).
keepalive = 65

# Both logs to the unit's stdout and stderr, which journald keeps.
accesslog = "-"
errorlog = "-"
# One line per request, with the id nginx gave it (and the app's lines carry), and the path without its
# query string: the one format `hotline run` uses too.
access_log_format = ACCESS_LOG_FORMAT
