"""A cache of whole answers to identical queries over an unchanged dataset.

Keyed by the dataset's version and everything that shapes an answer (query text, protocol
dataset, base IRI, negotiated formats), so a rebuilt store (a new version) never meets an old
answer. Bounded in bytes, least recently used out first. Each key also names an ETag, so a
client revalidating with ``If-None-Match`` gets 304 without the query being run again.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from .evaluation import Answer, Job

AnswerKey = tuple[str, str, tuple[str, ...] | None, tuple[str, ...] | None, str | None,
                  str | None, str | None]


class AnswerCache:
    def __init__(self, version: str, max_bytes: int) -> None:
        self.version = version
        self._max_bytes = max_bytes
        self._size = 0
        self._entries: OrderedDict[AnswerKey, Answer] = OrderedDict()
        self._lock = threading.Lock()

    def key(self, job: Job) -> AnswerKey:
        return (self.version, job.text, job.default_graph, job.named_graphs, job.base_iri,
                job.results_format, job.rdf_format)

    @staticmethod
    def etag(key: AnswerKey) -> str:
        return hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:24]

    def get(self, key: AnswerKey) -> Answer | None:
        with self._lock:
            answer = self._entries.get(key)
            if answer is not None:
                self._entries.move_to_end(key)
            return answer

    def add(self, key: AnswerKey, answer: Answer) -> None:
        size = len(answer.body)
        if size > self._max_bytes // 4:  # one huge answer would flush everything else
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = answer
            self._size += size
            while self._size > self._max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped.body)
