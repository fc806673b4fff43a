"""`python -m boundary_tui` behaves exactly like the `boundary-tui` command."""

from boundary_tui.cli import main

raise SystemExit(main())
