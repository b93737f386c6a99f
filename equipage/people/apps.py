from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "equipage.people"
    label = "people"
    verbose_name = "Organisations et personnes"
