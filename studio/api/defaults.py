"""Constants other layers need without importing the HTTP stack (keeps start-up light)."""

DEFAULT_BASE_URL = "https://api.uniapi.io"
