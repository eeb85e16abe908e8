"""Gunicorn settings for `make run` (`gunicorn -c config/gunicorn.conf.py`): access log on stdout, with secret
tokens of URLs redacted ("[jeton]") from every field of the line, referer included (concerto/core/logging.py)."""

from gunicorn.glogging import Logger

from concerto.core.logging import RedactTokens

accesslog = "-"


class RedactingLogger(Logger):
    """Gunicorn's logger with the token filter on its access and error logs (added again after a reload, once)."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.access_log, self.error_log):
            if not any(isinstance(existing, RedactTokens) for existing in log.filters):
                log.addFilter(RedactTokens())


logger_class = RedactingLogger
