"""``python -m api`` is ``msimamo serve``."""

import sys

from msimamo.cli import main

sys.exit(main(["serve", *sys.argv[1:]]))
