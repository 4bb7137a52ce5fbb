"""``python -m gdgrade``: the same as the ``gdgrade`` command."""

from gdgrade.grading.cli import main

raise SystemExit(main())
