from suengine.cli import main

raise SystemExit(main())
