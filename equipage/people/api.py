from rest_framework import serializers, viewsets

from .models import Organisation


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "acronym", "kind"]


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Directorates and bodies that sponsor or staff products."""

    queryset = Organisation.objects.order_by("name")
    serializer_class = OrganisationSerializer
