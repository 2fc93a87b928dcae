"""The REST API and the dashboard (``flashpoint serve``)."""

from flashpoint.web.app import create_app

__all__ = ["create_app"]
