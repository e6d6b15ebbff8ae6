"""The async client for the UniAPI gateway. Plain asyncio and httpx; no Qt."""
