"""Reading articles: bytes on disk -> text, front matter, sha256 and code-point offsets.

The only stage that opens article files; everything after it works on :class:`reading.Article`.
"""
