"""The sco-kg HTTP service: a read-only SPARQL endpoint and linked-data views over the store.

Two stages, one way: ``web`` (the Flask app, its views, templates and error pages) asks
``engine`` (guard, killable workers, limits, caches, result formats) for every read of the
store. ``create_app`` is the only way in (flask's app-factory pattern): importing this package
opens no store, reads no environment and starts no process.
"""

from .web.app import close_app as close_app
from .web.app import create_app as create_app

__all__ = ["close_app", "create_app"]
