"""gunicorn's access log without the visitor's position: the public directory's "near me" carries it in the
query string of one request (``/directory/near/?lng=…&lat=…``), which the default log line would keep for as
long as the logs are kept. For those paths the query (and a referring URL that holds one) is written as "…";
every other line is gunicorn's own."""

from urllib.parse import urlsplit

from gunicorn.glogging import Logger

PRIVATE_QUERY_PATHS = ("/directory/near/",)
REDACTED = "…"


def _private_query(url: str) -> str:
    """The query of ``url`` (a path or a whole address) when it is a private path's, else ""."""
    parts = urlsplit(url)
    return parts.query if parts.path.startswith(PRIVATE_QUERY_PATHS) else ""


class PrivateQueryLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        """gunicorn's atoms with the private query cut from every one that holds it (the request line, the
        query, the referrer, and their header and environment variants)."""
        atoms = super().atoms(resp, req, environ, request_time)
        private_path = (environ.get("PATH_INFO") or "").startswith(PRIVATE_QUERY_PATHS)
        secrets = {environ.get("QUERY_STRING", "") if private_path else ""}
        secrets.add(_private_query(environ.get("HTTP_REFERER") or ""))
        secrets.discard("")
        if not secrets:
            return atoms
        for key, value in atoms.items():
            if isinstance(value, str):
                for secret in secrets:
                    value = value.replace(secret, REDACTED)
                atoms[key] = value
        return atoms
