"""Writing campaigns, by an administrator (see `permissions.py`): validated first, nothing written on refusal."""

from __future__ import annotations

import datetime

from django.db import transaction

from .models import Campaign
from .validation import CampaignData


class CampaignRefused(Exception):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(message for messages in errors.values() for message in messages))
        self.errors = errors


def save_campaign(user, data: CampaignData, today: datetime.date, campaign: Campaign | None = None) -> Campaign:
    """Open a campaign (``campaign`` None) or change one; refused with every reason when the data is invalid."""
    from .validation import validate

    errors = validate(data, today, campaign)
    if errors:
        raise CampaignRefused(errors)
    with transaction.atomic():
        if campaign is None:
            campaign = Campaign(opened_on=today, created_by=user if user.is_authenticated else None)
        campaign.title = data.title.strip()
        campaign.description = data.description.strip()
        campaign.rule_codes = sorted(set(data.rule_codes))
        campaign.phases = sorted(set(data.phases))
        campaign.public_services_only = data.public_services_only
        campaign.target = data.target
        campaign.deadline = data.deadline
        campaign._history_user = user
        campaign.save()
        campaign.directorates.set(data.directorate_ids)
    return campaign


def close_campaign(user, campaign: Campaign, today: datetime.date) -> Campaign:
    """Close a campaign: it stays readable with its progress; no notice is sent any more."""
    if campaign.closed_on is None:
        campaign.closed_on = today
        campaign._history_user = user
        campaign.save(update_fields=["closed_on"])
    return campaign
