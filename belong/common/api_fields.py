"""Field types for API request bodies, so the OpenAPI document states each limit and a
request past it is refused with 422 naming the field, before any service sees it.

Lengths follow the model columns they fill.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field


def text(max_length: int, *, required: bool = True) -> type[str]:
    """A string up to a column's length; required ones must not be blank."""
    return Annotated[  # type: ignore[return-value]
        str, Field(min_length=1 if required else 0, max_length=max_length)
    ]


Slug = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")]
EmployeeId = Annotated[str, Field(min_length=1, max_length=40)]
Body = Annotated[str, Field(max_length=20_000)]
Rating = Annotated[int, Field(ge=1, le=5)]
Capacity = Annotated[int, Field(ge=1, le=100_000)]
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
Hours = Annotated[Decimal, Field(gt=0, le=24, max_digits=5, decimal_places=2)]
Money = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]
Ratio = Annotated[Decimal, Field(ge=0, le=10, max_digits=4, decimal_places=2)]


# For operations answering an iCalendar file instead of JSON.
ICS_RESPONSE = {
    "responses": {
        200: {
            "description": "An iCalendar (RFC 5545) file.",
            "content": {"text/calendar": {"schema": {"type": "string"}}},
        }
    }
}
CSV_RESPONSE = {
    "responses": {
        200: {
            "description": "A CSV file with a header row.",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }
}
