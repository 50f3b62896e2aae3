"""`python -m suengine`: the same as the `suengine` command."""

from suengine.cli import main

raise SystemExit(main())
