"""flashpoint: political event data from news, offline."""

__version__ = "0.1.0"
