from django.urls import path

from belong.accounts import views

app_name = "accounts"
urlpatterns = [
    path("roles/", views.roles, name="roles"),
    path("roles/<int:pk>/revoke/", views.role_revoke, name="role_revoke"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
