"""The web stage: ``create_app``, its settings, one blueprint per URL family, templates and
static files, and the one place HTTP status codes are chosen (``errors``).
"""
