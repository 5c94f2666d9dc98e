from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "belong.common"
    label = "common"
