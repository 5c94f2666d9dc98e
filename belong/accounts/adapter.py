from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class BelongAccountAdapter(DefaultAccountAdapter):
    """People come from HR (CSV or SCIM), so nobody signs themselves up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
