"""The gateway's error bodies, built per path prefix so later families can bring their own shape."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from starlette.responses import JSONResponse, Response


class GatewayError(Exception):
    """An error the gateway answers with; routes raise it, the app renders it in the path's shape."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        error_type: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.error_type = error_type
        self.code = code
        self.param = param
        self.headers = dict(headers or {})


ErrorShape = Callable[[GatewayError], Response]


def openai_error_body(error: GatewayError) -> dict[str, object]:
    return {
        "error": {
            "message": error.message,
            "type": error.error_type,
            "param": error.param,
            "code": error.code,
        }
    }


def openai_error_response(error: GatewayError) -> Response:
    return JSONResponse(openai_error_body(error), status_code=error.status, headers=error.headers)


class ErrorShapes:
    """Chooses the error body builder by the longest registered path prefix (default: OpenAI's shape)."""

    def __init__(self, default: ErrorShape = openai_error_response) -> None:
        self._default = default
        self._by_prefix: dict[str, ErrorShape] = {}

    def register(self, path_prefix: str, shape: ErrorShape) -> None:
        self._by_prefix[path_prefix] = shape

    def shape_for(self, path: str) -> ErrorShape:
        matches = [prefix for prefix in self._by_prefix if path.startswith(prefix)]
        if not matches:
            return self._default
        return self._by_prefix[max(matches, key=len)]

    def respond(self, path: str, error: GatewayError) -> Response:
        return self.shape_for(path)(error)


def invalid_api_key() -> GatewayError:
    return GatewayError(401, "Invalid API key (无效的令牌)", code="invalid_api_key")


def insufficient_quota() -> GatewayError:
    return GatewayError(
        403,
        "用户额度不足 (insufficient user quota)",
        error_type="new_api_error",
        code="insufficient_user_quota",
    )


def model_not_found(model: str) -> GatewayError:
    # new-api answers an unknown model name with 503, not 404; the client special-cases this code.
    return GatewayError(
        503,
        f"No available channel for model {model} under group default (no available channel)",
        error_type="new_api_error",
        code="model_not_found",
    )


def malformed_json(detail: str) -> GatewayError:
    return GatewayError(
        400,
        f"We could not parse the JSON body of your request. ({detail})",
        code="invalid_json",
    )


def missing_parameter(param: str) -> GatewayError:
    return GatewayError(
        400, f"Missing required parameter: '{param}'.", code="missing_required_parameter", param=param
    )


def invalid_parameter(param: str, message: str, code: str = "invalid_value") -> GatewayError:
    return GatewayError(400, f"Invalid '{param}': {message}", code=code, param=param)


def unknown_route(method: str, path: str) -> GatewayError:
    return GatewayError(404, f"Invalid URL ({method} {path})", code="not_found")


def method_not_allowed(method: str, path: str) -> GatewayError:
    return GatewayError(405, f"Method {method} is not allowed on {path}", code="method_not_allowed")
