"""HTTP API (FastAPI) under ``/api/v1``; ``create_app()`` in ``app.py`` is the factory."""
