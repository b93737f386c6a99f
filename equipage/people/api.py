from rest_framework import serializers, viewsets

from .models import Organisation


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "acronym", "kind"]


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Les directions et organismes qui portent ou composent les produits."""

    queryset = Organisation.objects.order_by("name")
    serializer_class = OrganisationSerializer
