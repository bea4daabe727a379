"""A Redis cache that degrades instead of failing: when Redis is down, reads miss and writes are dropped
(with a warning), so the site stays up; /healthz reports the outage."""

import functools
import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

# What a failed call answers: a miss for reads, "not stored" for writes.
_FALLBACK = {
    "add": False,
    "get": None,  # replaced by the caller's default below
    "set": None,
    "touch": False,
    "delete": False,
    "get_many": {},
    "has_key": False,
    "set_many": [],
    "delete_many": None,
    "clear": False,
}


def _resilient(name, method):
    @functools.wraps(method)
    def wrapped(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (self._lib.exceptions.ConnectionError, self._lib.exceptions.TimeoutError) as exc:
            logger.warning("cache %s failed, Redis unavailable: %s", name, exc)
            if name == "get":
                return args[1] if len(args) > 1 else kwargs.get("default")
            if name == "incr":
                raise ValueError("cache unavailable") from exc
            return _FALLBACK[name]

    return wrapped


class ResilientRedisCacheClient(RedisCacheClient):
    pass


for _name in [*_FALLBACK, "incr"]:
    setattr(ResilientRedisCacheClient, _name, _resilient(_name, getattr(RedisCacheClient, _name)))


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
