"""Entry point: `python -m bot [ask|chat|check|bench|unanswered]`."""

import os
import sys

# PTB 22 deprecates int time periods and warns on each use (RetryAfter reads its own
# attribute when it is raised) unless the process opts in to timedelta. The entry point owns
# the process, so it opts in here, once, rather than a library function behind its back.
os.environ.setdefault("PTB_TIMEDELTA", "true")

from bot.cli import main  # after the opt-in above

try:
    code = main()
    sys.stdout.flush()
except BrokenPipeError:
    # The reader went away (`python -m bot check | head`): stop quietly, like Unix tools do.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    code = 1
raise SystemExit(code)
