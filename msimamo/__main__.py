"""``python -m msimamo`` is the ``msimamo`` command."""

import sys

from msimamo.cli import main

sys.exit(main())
