"""``python -m gymkit_conformance`` runs the ``gymkit-conformance`` command."""

from __future__ import annotations

import sys

from gymkit_conformance.cli import main

sys.exit(main())
