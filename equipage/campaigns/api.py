"""API of campaigns: everyone signed in reads them with today's progress; administrators open and change
them with the pages' validation (`validation.py`); anyone else is refused (403) before the body is read."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import ValidationError

from equipage.people.models import Organisation
from equipage.registry.models import Phase

from .models import Campaign
from .permissions import REFUSAL, can_manage_campaigns
from .progress import today_progress
from .services import CampaignRefused, save_campaign
from .validation import NON_FIELD, CampaignData


class CampaignWritePermission(permissions.BasePermission):
    message = REFUSAL

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS or can_manage_campaigns(request.user)


class CampaignSerializer(serializers.ModelSerializer):
    rule_codes = serializers.ListField(
        child=serializers.CharField(), allow_empty=True, required=False, help_text="Codes des règles de vigilance"
    )
    directorates = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Organisation.objects.all(), required=False, help_text="Aucune : toutes les directions"
    )
    phases = serializers.ListField(
        child=serializers.ChoiceField(choices=Phase.choices), required=False, help_text="Aucune : toutes les phases"
    )
    target = serializers.IntegerField(
        required=False, allow_null=True, help_text="Part des produits du périmètre qui respectent les règles, 1 à 100"
    )
    deadline = serializers.DateField(required=False, allow_null=True, help_text="Échéance AAAA-MM-JJ")
    products_in_scope = serializers.SerializerMethodField()
    products_passing = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = [
            "id",
            "title",
            "description",
            "rule_codes",
            "directorates",
            "phases",
            "public_services_only",
            "target",
            "opened_on",
            "deadline",
            "closed_on",
            "products_in_scope",
            "products_passing",
            "status",
        ]
        read_only_fields = ["id", "opened_on", "closed_on"]
        extra_kwargs = {"title": {"allow_blank": True, "required": False}}

    def _progress(self, campaign: Campaign):
        progress = self.context.get("progress")
        if progress is None or campaign.pk not in progress:
            progress = today_progress([campaign], timezone.localdate())
        return progress[campaign.pk]

    def get_products_in_scope(self, campaign: Campaign) -> int:
        return self._progress(campaign).total

    def get_products_passing(self, campaign: Campaign) -> int:
        return self._progress(campaign).passing

    def get_status(self, campaign: Campaign) -> str:
        return self._progress(campaign).status

    def _campaign_data(self, attrs: dict) -> CampaignData:
        instance = self.instance
        current = {
            "title": instance.title if instance else "",
            "description": instance.description if instance else "",
            "rule_codes": instance.rule_codes if instance else [],
            "directorates": list(instance.directorates.all()) if instance else [],
            "phases": instance.phases if instance else [],
            "public_services_only": instance.public_services_only if instance else False,
            "target": instance.target if instance else None,
            "deadline": instance.deadline if instance else None,
        } | attrs
        return CampaignData(
            title=current["title"],
            description=current["description"],
            rule_codes=list(current["rule_codes"]),
            directorate_ids=[organisation.pk for organisation in current["directorates"]],
            phases=list(current["phases"]),
            public_services_only=current["public_services_only"],
            target=current["target"],
            deadline=current["deadline"],
        )

    def validate(self, attrs: dict) -> dict:
        attrs["campaign_data"] = self._campaign_data(attrs)
        return attrs

    def save(self, **kwargs) -> Campaign:
        request = self.context["request"]
        try:
            self.instance = save_campaign(
                request.user, self.validated_data["campaign_data"], timezone.localdate(), self.instance
            )
        except CampaignRefused as refusal:
            raise ValidationError(
                {
                    ("non_field_errors" if name == NON_FIELD else name): messages
                    for name, messages in refusal.errors.items()
                }
            ) from refusal
        return self.instance


def _campaigns():
    return Campaign.objects.prefetch_related("directorates").order_by("-opened_on", "-pk")


@extend_schema(summary="Lister les campagnes avec leur avancement, ou en ouvrir une (administrateurs)")
class CampaignListView(generics.ListCreateAPIView):
    serializer_class = CampaignSerializer
    permission_classes = [permissions.IsAuthenticated, CampaignWritePermission]

    def get_queryset(self):
        return _campaigns()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        progress = today_progress(page, timezone.localdate())
        serializer = self.get_serializer(page, many=True, context={"request": request, "progress": progress})
        return self.get_paginated_response(serializer.data)


@extend_schema(summary="Lire une campagne, ou la modifier (administrateurs)")
class CampaignDetailView(generics.RetrieveUpdateAPIView):
    serializer_class = CampaignSerializer
    permission_classes = [permissions.IsAuthenticated, CampaignWritePermission]

    def get_queryset(self):
        return _campaigns()
