"""The frozen app's entry point: `uniapi-studio` runs the desktop app, `uniapi-studio --selftest` its self-test.

PyInstaller freezes this script, not `studio/__main__.py`, so the bundle starts the same `studio.app.main`
that the `studio` command of a pip install starts.
"""

import sys

if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()  # a frozen app must not re-run itself for a child process
    from studio.app import main

    sys.exit(main())
