"""Where moto answers more kindly than AWS, corrected while an emulator runs.

- ``DescribeStacks`` shows a ``NoEcho`` parameter as ``****`` on AWS; moto 5.2
  compares each parameter's *value* with the NoEcho *keys*, so it shows the
  secret. Code that reads stack parameters back (a rollout's plan does) would
  pass here and behave differently on AWS.
"""

from __future__ import annotations

import threading
from typing import Any

__all__ = ["apply", "undo"]

_MASK = "****"
_lock = threading.Lock()
_moto_parameter_list: Any = None


def _parameter_list(stack: Any) -> list[dict[str, Any]]:
    hidden = set(stack.resource_map.no_echo_parameter_keys)
    return [
        {"ParameterKey": key, "ParameterValue": _MASK if key in hidden else value}
        for key, value in stack.resource_map.resolved_parameters.items()
    ]


def apply() -> None:
    """Put the corrections in place; idempotent."""
    global _moto_parameter_list
    from moto.cloudformation.models import Stack

    with _lock:
        if _moto_parameter_list is None:
            _moto_parameter_list = Stack.__dict__["parameter_list"]
            Stack.parameter_list = property(_parameter_list)  # type: ignore[assignment,method-assign]


def undo() -> None:
    """Give moto its own behaviour back; safe to call when not applied."""
    global _moto_parameter_list
    from moto.cloudformation.models import Stack

    with _lock:
        if _moto_parameter_list is not None:
            Stack.parameter_list = _moto_parameter_list  # type: ignore[method-assign]
            _moto_parameter_list = None
