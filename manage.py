#!/usr/bin/env python
"""Django's manage.py; the same as the ``ctis`` command."""

import sys

from ctis.cli import main

if __name__ == "__main__":
    sys.exit(main())
