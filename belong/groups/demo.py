"""Demo seed steps for groups; filled in below and registered with the people loader."""

from __future__ import annotations
