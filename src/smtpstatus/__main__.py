"""``python -m smtpstatus``: the same as the ``smtpstatus`` command."""

import sys

from smtpstatus.cli import main

if __name__ == "__main__":
    sys.exit(main())
