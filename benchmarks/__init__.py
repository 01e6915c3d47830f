"""Side-by-side performance figures of the typed SDK against raw boto3.

``python -m benchmarks`` (``make bench``) prints one JSON object of figures, each
next to its target from issue 7; ``--quick`` runs a short smoke version. Every
figure is a ratio (or a difference) of medians measured in the same process,
with interleaved runs, on inputs built from botocore's Service Catalog model.
See ``benchmarks/README.md``.
"""

from __future__ import annotations

__all__: list[str] = []
