"""The only way a query runs, for every reader: the SPARQL endpoint, the pages and the CLI.

``engine.Engine`` holds the store and hands out answers (user SPARQL, as negotiated bytes) and
typed results (``results``: rows, a boolean, triples) to the service's own readers. Beneath it:
the guard (what may run), killable workers with time, row, byte and memory limits
(``executor``, ``evaluation``), the answer cache and the result formats. Knows no HTTP: it
raises the domain errors of ``errors``, and the web stage chooses status codes.
"""
