"""`python -m sifasuo.policy validate FILE` / `show NAME` / `list`."""

import sys

from .cli import main

sys.exit(main())
