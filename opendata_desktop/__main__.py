from opendata_desktop.cli import main

raise SystemExit(main())
