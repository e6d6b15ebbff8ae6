"""Assembles the simulated gateway: its routes, the request pipeline and the error shapes."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response

from studio.simulator.audio import audio_routes
from studio.simulator.billing import billing_routes
from studio.simulator.chat import chat_routes
from studio.simulator.completions import completion_routes
from studio.simulator.config import SimulatorConfig
from studio.simulator.control import control_routes
from studio.simulator.custom_video import custom_video_routes
from studio.simulator.embeddings import embedding_routes
from studio.simulator.errors import GatewayError, method_not_allowed, unknown_route
from studio.simulator.faults import silence_deliberate_cuts
from studio.simulator.ideogram import ideogram_routes
from studio.simulator.images import image_routes
from studio.simulator.luma import luma_routes
from studio.simulator.media import MEDIA_PATH_PREFIX, media_routes, s3_error_response
from studio.simulator.midjourney import midjourney_routes
from studio.simulator.models import model_routes
from studio.simulator.moderations import moderation_routes
from studio.simulator.pipeline import GatewayPipeline
from studio.simulator.responses import response_routes
from studio.simulator.state import SimulatorState
from studio.simulator.suno import suno_routes
from studio.simulator.task_errors import (
    custom_video_error_response,
    detail_error_response,
    midjourney_error_response,
    relay_task_error_response,
)
from studio.simulator.udio import udio_routes


def create_app(config: SimulatorConfig | None = None, state: SimulatorState | None = None) -> Starlette:
    state = state or SimulatorState(config)
    state.error_shapes.register(MEDIA_PATH_PREFIX, s3_error_response)
    state.error_shapes.register("/suno", relay_task_error_response)
    state.error_shapes.register("/udio", relay_task_error_response)
    state.error_shapes.register("/mj", midjourney_error_response)
    state.error_shapes.register("/ideogram", detail_error_response)
    state.error_shapes.register("/luma", detail_error_response)
    state.error_shapes.register("/custom_video", custom_video_error_response)
    silence_deliberate_cuts()

    async def render_gateway_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, GatewayError)
        return state.error_shapes.respond(request.url.path, error)

    async def render_http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        method, path = request.method, request.url.path
        if error.status_code == 405:
            gateway_error = method_not_allowed(method, path)
        elif error.status_code == 404:
            gateway_error = unknown_route(method, path)
        else:
            gateway_error = GatewayError(error.status_code, str(error.detail))
        return state.error_shapes.respond(path, gateway_error)

    async def render_internal_error(request: Request, error: Exception) -> Response:
        # A bug in the simulator still answers in the gateway's shape; uvicorn logs the traceback.
        internal = GatewayError(
            500, f"Simulator error: {error!r}", error_type="server_error", code="server_error"
        )
        return state.error_shapes.respond(request.url.path, internal)

    app = Starlette(
        routes=[
            *chat_routes,
            *completion_routes,
            *response_routes,
            *embedding_routes,
            *moderation_routes,
            *audio_routes,
            *image_routes,
            *model_routes,
            *billing_routes,
            *media_routes,
            *control_routes,
            *suno_routes,
            *udio_routes,
            *midjourney_routes,
            *ideogram_routes,
            *luma_routes,
            *custom_video_routes,
        ],
        middleware=[Middleware(GatewayPipeline, state=state)],
        exception_handlers={
            GatewayError: render_gateway_error,
            HTTPException: render_http_error,
            Exception: render_internal_error,
        },
    )
    app.state.simulator = state
    return app
