from scenes.kit.cli import main

raise SystemExit(main())
