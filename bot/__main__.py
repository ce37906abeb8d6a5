"""Entry point: `python -m bot [ask|chat|check|bench]`."""

from bot.cli import main

raise SystemExit(main())
