"""The product's URLs plus `/bench/bare/`: a view that returns a constant, no database.

It runs through the full middleware stack, so its latency is the floor every real page
pays (WSGI, gunicorn, sessions, locale, CSRF, auth, htmx, time zone)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as product_urls


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *product_urls]
