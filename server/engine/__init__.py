"""The only way a query runs: the guard (what may run), killable workers with time, row, byte
and memory limits, the answer cache and the result formats. Knows no HTTP: it raises domain
errors, and the web stage chooses status codes.
"""
