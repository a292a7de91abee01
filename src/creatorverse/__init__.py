"""Creatorverse: the data platform for AI story-to-video studios."""

__version__ = "0.1.0"
