from tegdesk.cli import main

raise SystemExit(main())
