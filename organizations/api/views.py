from wuhan_fulian.api.viewsets import ScopedModelViewSet

from ..filters import FederationFilterSet
from ..models import Federation
from .serializers import FederationSerializer


class FederationViewSet(ScopedModelViewSet):
    queryset = Federation.objects.select_related("parent")
    serializer_class = FederationSerializer
    filterset_class = FederationFilterSet
    search_fields = ["name", "code"]
    ordering_fields = ["name", "code", "lft", "created_at"]
