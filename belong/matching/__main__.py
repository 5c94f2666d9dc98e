import sys

from belong.matching.cli import main

sys.exit(main())
