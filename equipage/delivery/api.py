"""Delivery in the API: roadmap items, stories with their criteria, releases, recette campaigns, cases and
results, research activities and field feedback, under /api/v1/products/<slug>/….

Same rules as the pages, through the product guard and the same services: every signed-in agent reads;
the team writes stories, research and feedback and records case results; the leads write roadmap items
and releases and open a recette; the responsable métier (or its stand-in, see permissions.py) signs off.
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from equipage.core.filters import IdFilter, KnownChoiceFilter, is_true
from equipage.core.validators import validate_multiline_text, validate_single_line
from equipage.indicators.models import Indicator, Objective
from equipage.people.models import Person
from equipage.registry.guards import ProductScopedAPIMixin

from . import services
from .models import (
    Campaign,
    CaseResult,
    Channel,
    Feedback,
    Horizon,
    Insight,
    Release,
    ResearchActivity,
    RoadmapItem,
    RoadmapStatus,
    Story,
    StoryStatus,
    TestCase,
    Triage,
    campaign_state,
    split_tags,
)
from .permissions import NOT_A_LEAD, NOT_A_MEMBER, leads_write, team_writes


def _drf_error(error: DjangoValidationError) -> exceptions.ValidationError:
    return exceptions.ValidationError(
        error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
    )


class LeadsWrite(ProductScopedAPIMixin):
    write_refusal = NOT_A_LEAD

    def may_write(self, request, product, obj=None) -> bool:
        return leads_write(request.user, product, obj)


class TeamWrites(ProductScopedAPIMixin):
    write_refusal = NOT_A_MEMBER

    def may_write(self, request, product, obj=None) -> bool:
        return team_writes(request.user, product, obj)


# --- Roadmap ---


class RoadmapItemSerializer(serializers.ModelSerializer):
    objectives = serializers.PrimaryKeyRelatedField(many=True, queryset=Objective.objects.all(), required=False)
    indicators = serializers.PrimaryKeyRelatedField(many=True, queryset=Indicator.objects.all(), required=False)

    class Meta:
        model = RoadmapItem
        fields = [
            "id",
            "title",
            "description",
            "horizon",
            "target_quarter",
            "status",
            "objectives",
            "indicators",
            "expected_effect",
            "is_published",
            "rank",
        ]
        read_only_fields = ["id", "rank"]

    def validate(self, attrs):
        product = self.context["view"].product
        for name in ("objectives", "indicators"):
            if any(related.product_id != product.pk for related in attrs.get(name, [])):
                raise serializers.ValidationError({name: ["Ils doivent appartenir à ce produit."]})
        return attrs


class RoadmapItemFilter(django_filters.FilterSet):
    horizon = KnownChoiceFilter(choices=Horizon.choices)
    status = KnownChoiceFilter(choices=RoadmapStatus.choices)

    class Meta:
        model = RoadmapItem
        fields = ["horizon", "status"]


@extend_schema(summary="Lister ou ajouter les éléments de la feuille de route (ajout : responsables du produit)")
class RoadmapItemListView(LeadsWrite, generics.ListCreateAPIView):
    serializer_class = RoadmapItemSerializer
    filterset_class = RoadmapItemFilter

    def get_queryset(self):
        return RoadmapItem.objects.filter(product=self.product).prefetch_related("objectives", "indicators")

    def perform_create(self, serializer) -> None:
        with transaction.atomic():
            fields = {k: v for k, v in serializer.validated_data.items() if k not in ("objectives", "indicators")}
            item = RoadmapItem(product=self.product, **fields)
            services.save_roadmap_item(item, user=self.request.user)
            item.objectives.set(serializer.validated_data.get("objectives", []))
            item.indicators.set(serializer.validated_data.get("indicators", []))
            serializer.instance = item


@extend_schema(summary="Lire ou modifier un élément de la feuille de route (modification : responsables du produit)")
class RoadmapItemDetailView(LeadsWrite, generics.RetrieveUpdateAPIView):
    serializer_class = RoadmapItemSerializer

    def get_queryset(self):
        return RoadmapItem.objects.filter(product=self.product).prefetch_related("objectives", "indicators")


# --- Stories ---


class StorySerializer(serializers.ModelSerializer):
    criteria = serializers.ListField(
        child=serializers.CharField(validators=[validate_single_line], max_length=500),
        required=False,
        write_only=True,
        help_text="Critères d’acceptation, dans l’ordre ; envoyés, ils remplacent les actuels (rendus en lecture).",
    )
    roadmap_item = serializers.PrimaryKeyRelatedField(
        queryset=RoadmapItem.objects.all(), required=False, allow_null=True
    )
    release = serializers.PrimaryKeyRelatedField(queryset=Release.objects.all(), required=False, allow_null=True)
    insight_count = serializers.IntegerField(read_only=True, default=0)
    feedback_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Story
        fields = [
            "number",
            "title",
            "as_a",
            "i_want",
            "so_that",
            "description",
            "status",
            "estimate",
            "roadmap_item",
            "release",
            "reach",
            "impact",
            "confidence",
            "effort",
            "rice",
            "rank",
            "external_key",
            "criteria",
            "insight_count",
            "feedback_count",
        ]
        read_only_fields = ["number", "rice", "rank"]

    def to_representation(self, story):
        data = super().to_representation(story)
        data["criteria"] = [criterion.text for criterion in story.criteria.all()]
        return data

    def validate(self, attrs):
        product = self.context["view"].product
        for name in ("roadmap_item", "release"):
            related = attrs.get(name)
            if related is not None and related.product_id != product.pk:
                raise serializers.ValidationError({name: ["Il doit appartenir à ce produit."]})
        return attrs

    def _save(self, story: Story, data: dict) -> Story:
        criteria = data.pop("criteria", None)
        for name, value in data.items():
            setattr(story, name, value)
        try:
            return services.save_story(story, criteria, user=self.context["request"].user)
        except DjangoValidationError as error:
            raise _drf_error(error) from error

    def create(self, validated_data):
        return self._save(Story(product=self.context["view"].product), validated_data)

    def update(self, instance, validated_data):
        return self._save(instance, validated_data)


class StoryFilter(django_filters.FilterSet):
    status = KnownChoiceFilter(choices=StoryStatus.choices)
    release = IdFilter(field_name="release_id")
    roadmap_item = IdFilter(field_name="roadmap_item_id")
    without_criteria = django_filters.CharFilter(method="filter_without_criteria", help_text="true : sans critère")
    q = django_filters.CharFilter(method="filter_search", help_text="Texte cherché dans le titre et la phrase")

    class Meta:
        model = Story
        fields = ["status", "release", "roadmap_item"]

    def filter_without_criteria(self, queryset, name, value):
        return queryset.without_criteria() if is_true(value) else queryset

    def filter_search(self, queryset, name, value):
        return queryset.search(value)


def _stories(product):
    return Story.objects.filter(product=product).with_evidence().prefetch_related("criteria").order_by("rank", "pk")


@extend_schema(summary="Lister ou écrire les stories du backlog (écriture : membres de l’équipe)")
class StoryListView(TeamWrites, generics.ListCreateAPIView):
    serializer_class = StorySerializer
    filterset_class = StoryFilter

    def get_queryset(self):
        return _stories(self.product)


@extend_schema(summary="Lire ou modifier une story, par son numéro (modification : membres de l’équipe)")
class StoryDetailView(TeamWrites, generics.RetrieveUpdateAPIView):
    serializer_class = StorySerializer
    lookup_field = "number"

    def get_queryset(self):
        return _stories(self.product)


# --- Releases and recette ---


class ReleaseSerializer(serializers.ModelSerializer):
    recette = serializers.SerializerMethodField(help_text="aucune, en_cours, bloquee ou validee")

    class Meta:
        model = Release
        fields = ["id", "name", "description", "planned_date", "actual_date", "recette"]
        read_only_fields = ["id"]

    def get_recette(self, release) -> str:
        return campaign_state(getattr(release, "campaign", None), release.blocking_count).value

    def validate_name(self, name):
        product = self.context["view"].product
        others = Release.objects.filter(product=product, name=name)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise serializers.ValidationError("Ce produit a déjà une version de ce nom.")
        return name


@extend_schema(summary="Lister ou ajouter les versions (ajout : responsables du produit)")
class ReleaseListView(LeadsWrite, generics.ListCreateAPIView):
    serializer_class = ReleaseSerializer

    def get_queryset(self):
        return Release.objects.filter(product=self.product).for_listing().order_by("-planned_date", "-pk")

    def perform_create(self, serializer) -> None:
        release = serializer.save(product=self.product)
        release.blocking_count = 0


@extend_schema(summary="Lire ou modifier une version (modification : responsables du produit)")
class ReleaseDetailView(LeadsWrite, generics.RetrieveUpdateAPIView):
    serializer_class = ReleaseSerializer

    def get_queryset(self):
        return Release.objects.filter(product=self.product).for_listing()


class CaseSerializer(serializers.ModelSerializer):
    story = serializers.SlugRelatedField(slug_field="number", read_only=True)
    tested_by = serializers.StringRelatedField()
    bug_story = serializers.SlugRelatedField(slug_field="number", read_only=True)

    class Meta:
        model = TestCase
        fields = ["id", "position", "text", "story", "result", "comment", "tested_by", "tested_on", "bug_story"]


class CampaignSerializer(serializers.ModelSerializer):
    state = serializers.CharField()
    signed_off_by = serializers.StringRelatedField()
    cases = CaseSerializer(many=True, source="prefetched_cases")

    class Meta:
        model = Campaign
        fields = ["id", "state", "created_at", "signed_off_by", "signed_off_at", "cases"]
        ref_name = "ReleaseCampaign"  # A release's recette, not the portfolio's campaigns (equipage.campaigns).


def _campaign_payload(campaign: Campaign) -> dict:
    cases = list(campaign.cases.select_related("story", "tested_by", "bug_story").order_by("position", "pk"))
    campaign.state = campaign_state(campaign, sum(case.result == CaseResult.BLOCKING for case in cases)).value
    campaign.prefetched_cases = cases
    data = CampaignSerializer(campaign).data
    return data


class CampaignView(LeadsWrite, APIView):
    """A release's recette: GET reads it; POST (leads) opens it or adds the criteria not yet covered."""

    def get_release(self) -> Release:
        return get_object_or_404(Release, product=self.product, pk=self.kwargs["pk"])

    @extend_schema(summary="Lire la recette d’une version", responses=CampaignSerializer)
    def get(self, request: Request, slug: str, pk: int) -> Response:
        campaign = get_object_or_404(Campaign.objects.select_related("signed_off_by"), release=self.get_release())
        return Response(_campaign_payload(campaign))

    @extend_schema(
        summary="Ouvrir la recette d’une version, ou y reprendre les nouveaux critères (responsables du produit)",
        request=None,
        responses={201: CampaignSerializer},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        campaign, _added = services.prepare_campaign(self.get_release(), user=request.user)
        return Response(_campaign_payload(campaign), status=status.HTTP_201_CREATED)


class SignOffView(ProductScopedAPIMixin, APIView):
    """The sign-off: its own rule (the responsable métier), checked by the service."""

    def may_write(self, request, product, obj=None) -> bool:
        return request.user.is_authenticated

    @extend_schema(
        summary="Valider la recette d’une version (responsable métier ; product manager d’un produit DNUM)",
        request=None,
        responses=CampaignSerializer,
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        release = get_object_or_404(Release, product=self.product, pk=pk)
        campaign = get_object_or_404(Campaign, release=release)
        try:
            services.sign_off(campaign, user=request.user)
        except DjangoPermissionDenied as refusal:
            raise exceptions.PermissionDenied(str(refusal)) from refusal
        except DjangoValidationError as error:
            raise _drf_error(error) from error
        return Response(_campaign_payload(campaign))


class ResultInputSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=CaseResult.choices)
    comment = serializers.CharField(
        validators=[validate_multiline_text], required=False, allow_blank=True, default="", max_length=2000
    )
    open_bug = serializers.BooleanField(
        required=False, default=False, help_text="Ouvrir une anomalie dans le backlog si le cas échoue."
    )


class CaseResultView(TeamWrites, APIView):
    @extend_schema(
        summary="Enregistrer le résultat d’un cas de test (membres actuels de l’équipe)",
        request=ResultInputSerializer,
        responses=CaseSerializer,
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        case = get_object_or_404(
            TestCase.objects.select_related("campaign__release"), campaign__release__product=self.product, pk=pk
        )
        payload = ResultInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                services.record_result(
                    case, payload.validated_data["result"], comment=payload.validated_data["comment"], user=request.user
                )
                if payload.validated_data["open_bug"] and case.is_failure:
                    services.open_bug(case, user=request.user)
        except DjangoPermissionDenied as refusal:
            raise exceptions.PermissionDenied(str(refusal)) from refusal
        return Response(CaseSerializer(case).data)


# --- Research and feedback ---


class InsightSerializer(serializers.ModelSerializer):
    stories = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)

    class Meta:
        model = Insight
        fields = ["id", "text", "tags", "stories"]


class ResearchSerializer(serializers.ModelSerializer):
    team_members = serializers.PrimaryKeyRelatedField(many=True, queryset=Person.objects.all(), required=False)
    insights = InsightSerializer(many=True, read_only=True)

    class Meta:
        model = ResearchActivity
        fields = ["id", "kind", "title", "date", "participants", "team_members", "summary", "insights"]
        read_only_fields = ["id"]


@extend_schema(summary="Lister ou ajouter les activités de recherche utilisateur (ajout : membres de l’équipe)")
class ResearchListView(TeamWrites, generics.ListCreateAPIView):
    serializer_class = ResearchSerializer

    def get_queryset(self):
        return (
            ResearchActivity.objects.filter(product=self.product)
            .prefetch_related("team_members", "insights__stories")
            .order_by("-date", "-pk")
        )

    def perform_create(self, serializer) -> None:
        serializer.save(product=self.product)


class FeedbackSerializer(serializers.ModelSerializer):
    stories = serializers.SlugRelatedField(
        slug_field="number",
        many=True,
        queryset=Story.objects.all(),
        required=False,
        help_text="Numéros des stories liées.",
    )

    class Meta:
        model = Feedback
        fields = ["id", "channel", "date", "verbatim", "tags", "status", "stories", "external_id", "created_at"]
        read_only_fields = ["id", "created_at"]

    def validate_tags(self, tags: str) -> str:
        return ", ".join(split_tags(tags))

    def validate(self, attrs):
        product = self.context["view"].product
        stories = attrs.get("stories", [])
        if any(story.product_id != product.pk for story in stories):
            raise serializers.ValidationError({"stories": ["Elles doivent appartenir à ce produit."]})
        linked = stories or (self.instance and list(self.instance.stories.all()))
        if attrs.get("status") == Triage.LINKED and not linked:
            raise serializers.ValidationError({"stories": ["Un retour « lié à une story » nomme au moins une story."]})
        return attrs


class FeedbackFilter(django_filters.FilterSet):
    status = KnownChoiceFilter(choices=Triage.choices)
    channel = KnownChoiceFilter(choices=Channel.choices)

    class Meta:
        model = Feedback
        fields = ["status", "channel"]


@extend_schema(summary="Lister ou ajouter des retours terrain (ajout : membres de l’équipe)")
class FeedbackListView(TeamWrites, generics.ListCreateAPIView):
    serializer_class = FeedbackSerializer
    filterset_class = FeedbackFilter

    def get_queryset(self):
        return Feedback.objects.filter(product=self.product).prefetch_related("stories").order_by("-date", "-pk")

    def perform_create(self, serializer) -> None:
        serializer.save(product=self.product)


@extend_schema(summary="Lire ou trier un retour terrain (tri : membres de l’équipe)")
class FeedbackDetailView(TeamWrites, generics.RetrieveUpdateAPIView):
    serializer_class = FeedbackSerializer

    def get_queryset(self):
        return Feedback.objects.filter(product=self.product).prefetch_related("stories")
