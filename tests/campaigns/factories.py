import datetime

import factory

from equipage.campaigns.models import Campaign


class CampaignFactory(factory.django.DjangoModelFactory):
    """A campaign on the time-share rule, open since January, due far ahead."""

    class Meta:
        model = Campaign

    title = factory.Sequence(lambda n: f"Campagne {n}")
    rule_codes = factory.LazyFunction(lambda: ["MEMBRE_SURCHARGE"])
    target = 80
    opened_on = datetime.date(2026, 1, 5)
    deadline = datetime.date(2099, 6, 30)
