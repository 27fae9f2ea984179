"""``python -m mtaudit``: the command line."""

from mtaudit.cli import main

if __name__ == "__main__":
    main()
