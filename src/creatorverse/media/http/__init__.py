"""Providers over HTTP (httpx): OpenAI-compatible chat, images and speech; asynchronous video APIs."""
