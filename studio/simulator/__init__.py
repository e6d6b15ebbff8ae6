"""A local UniAPI simulator: a real HTTP server that speaks every family of the gateway.

    with SimulatorServer(SimulatorConfig(key="k", token_rate=0)) as server:
        server.base_url            # "http://127.0.0.1:54321"; the OpenAI-style API is under /v1
        server.state.journal       # what it received; server.state.media.put(...) for media URLs

Or from a shell: `python -m studio.simulator --port 8765 [--key K] [--token-rate N] ...`.

Faults: header `X-Sim-Fault: KIND`, a `[[fault:KIND]]` trigger in this turn's prompt text (a chat's or
Responses request's last user message: history sent again does not count), or
`POST /_sim/faults {"path", "kind", "count", "retry_after"}`. KIND is one of 400 401 403 404 413 429 500
502 503 html cut slow stream-error. Reply length: `X-Sim-Tokens: N` or `[[tokens:N]]`; pacing:
`X-Sim-Token-Rate: N` or `[[token-rate:N]]`; slow: `X-Sim-Slow-Seconds: S`;
Retry-After: `X-Sim-Retry-After: N|none`.
"""
