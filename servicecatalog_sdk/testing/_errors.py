"""Errors the emulator answers with, in the shape of AWS JSON-protocol errors."""

from __future__ import annotations

import json
from typing import Final

# HTTP statuses AWS uses for the error codes tests are likely to inject; any other
# code is a client error (400), which is what AWS returns for modelled exceptions.
_STATUS_BY_CODE: Final[dict[str, int]] = {
    "InternalFailure": 500,
    "InternalServerError": 500,
    "ServiceUnavailable": 503,
    "ServiceUnavailableException": 503,
}


def status_for(code: str) -> int:
    """Return the HTTP status AWS pairs with the error ``code``."""
    return _STATUS_BY_CODE.get(code, 400)


class EmulatorError(Exception):
    """An AWS error answered by the emulator: an error code, a message, an HTTP status."""

    def __init__(self, code: str, message: str, status: int | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status_for(code) if status is None else status

    def body(self) -> str:
        """Serialize as botocore's JSON parser expects (``__type`` and ``message``)."""
        return json.dumps({"__type": self.code, "message": self.message})


def not_found(message: str) -> EmulatorError:
    """ResourceNotFoundException, for ids and names that do not exist."""
    return EmulatorError("ResourceNotFoundException", message)


def invalid(message: str) -> EmulatorError:
    """InvalidParametersException, for input the service rejects."""
    return EmulatorError("InvalidParametersException", message)


def duplicate(message: str) -> EmulatorError:
    """DuplicateResourceException, for names already taken."""
    return EmulatorError("DuplicateResourceException", message)
