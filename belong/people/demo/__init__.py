"""The demo company: reference data, a pure generator, and the loader behind `seed_demo`.

Import the loader (`belong.people.demo.loader`) only where Django is set up; the persona
table is safe to import anywhere.
"""

from belong.people.demo.personas import DEMO_PASSWORD, PERSONAS, print_demo_logins

__all__ = ["DEMO_PASSWORD", "PERSONAS", "print_demo_logins"]
