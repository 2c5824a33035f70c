from scenes.cli import main

raise SystemExit(main())
