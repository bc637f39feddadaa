"""``python -m geo_huallaga`` runs the command line."""

from geo_huallaga.cli import main

raise SystemExit(main())
