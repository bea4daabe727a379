"""gunicorn settings read from the working directory by every gunicorn started here (``make serve``'s
Procfile, the bench, the two-node tests); command-line flags still win.

Garbage collection: a worker holds Django, DRF, every view, serializer and URL pattern, tens of thousands
of long-lived objects that each full (generation 2) collection walks again: 70-90 ms pauses measured in
the middle of 60 ms requests at the city scale. Once the worker has loaded the application it also loads
the URL configuration (every app's views and serializers, otherwise imported by the first request) and
the default language's translation catalogues, then moves everything alive into the permanent generation
(``gc.freeze()``), which collections skip; requests still collect their own garbage as usual.
"""

import gc


def post_worker_init(worker):
    try:
        from django.conf import settings
        from django.urls import get_resolver
        from django.utils import translation

        get_resolver().url_patterns  # noqa: B018 - imports every urls module and the views they name
        with translation.override(settings.LANGUAGE_CODE):
            translation.gettext("")
    except Exception:  # noqa: BLE001 - loading early is an optimisation: serving must start regardless
        worker.log.warning("gunicorn.conf: could not load the URL configuration early", exc_info=True)
    gc.collect()
    gc.freeze()
    worker.log.info("gc: %d objects frozen after loading the application", gc.get_freeze_count())


# The access log leaves out the visitor's position on the public directory's "near me" (wuhan_fulian.accesslog).
logger_class = "wuhan_fulian.accesslog.PrivateQueryLogger"
