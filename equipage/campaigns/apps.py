from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "equipage.campaigns"
    label = "campaigns"
    verbose_name = "Campagnes"
