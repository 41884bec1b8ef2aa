"""``python -m pipeline`` is the ``edition`` command."""
from pipeline.cli import main

raise SystemExit(main())
