"""The handout printer's child process (see :mod:`.handouts`).

A module of its own, which the package does not import, so that
``python -m natoanalysis.classroom._printer`` runs it without a warning.
"""

import sys

from .handouts import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
