from django.contrib.auth import authenticate, update_session_auth_hash
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from core.api.serializers import HistoryRecordSerializer, history_rows
from core.api.viewsets import ScopedModelViewSet
from core.masking import mask_phone

from .. import inbox
from ..auth import token_expired
from ..models import User
from .serializers import (
    MeSerializer,
    MessageSerializer,
    OwnTokenSerializer,
    PasswordChangeSerializer,
    ReadAllSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
    UserSerializer,
)


class TokenView(APIView):
    """Exchange a username and password for an API token (sent as ``Authorization: Token …``)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [AnonRateThrottle]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenResponseSerializer, 400: OpenApiResponse(description="用户名或密码错误")},
    )
    def post(self, request):
        payload = TokenRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = authenticate(
            request._request, username=payload.validated_data["username"], password=payload.validated_data["password"]
        )
        if user is None or not user.is_active:
            raise serializers.ValidationError({"non_field_errors": [_("用户名或密码错误。")]})
        token, _created = Token.objects.get_or_create(user=user)
        if token_expired(token):  # a fresh one for an expired one (API_TOKEN_LIFETIME_DAYS)
            token.delete()
            token = Token.objects.create(user=user)
        return Response({"token": token.key}, status=status.HTTP_200_OK)


class MeView(APIView):
    """The signed-in user, her role and scope."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class OwnTokensView(APIView):
    """One's own API tokens (never their keys), and revoking them all (sign out of every API client)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=OwnTokenSerializer(many=True))
    def get(self, request):
        return Response(OwnTokenSerializer(Token.objects.filter(user=request.user), many=True).data)

    @extend_schema(responses={204: None})
    def delete(self, request):
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class OwnPasswordView(APIView):
    """Change one's own password (the only call open to an account whose password someone else reset)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=PasswordChangeSerializer, responses={204: None})
    def post(self, request):
        payload = PasswordChangeSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        user = request.user
        user.set_password(payload.validated_data["new_password"])
        user.save()  # as herself: lifts must_change_password; revokes her tokens
        if request.auth is None:
            update_session_auth_hash(request._request, user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class UserViewSet(ScopedModelViewSet):
    """Accounts in the user's view scope; changed only by those who manage them (``User.may_manage``): any
    other account answers 404 to a write, like a missing one. Phones are masked for everyone else."""

    queryset = User.objects.select_related("federation", "view_federation")
    serializer_class = UserSerializer
    filterset_fields = ["role", "federation", "is_active"]
    search_fields = ["username", "first_name", "last_name"]
    ordering_fields = ["username", "first_name", "last_name", "role", "date_joined", "last_login"]

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.request.method not in SAFE_METHODS:
            queryset = queryset.managed_by(self.request.user)
        return queryset

    @extend_schema(responses={200: HistoryRecordSerializer(many=True), 404: OpenApiResponse(description="Not found")})
    @action(detail=True, methods=["get"], url_path="history")
    def history(self, request, *args, **kwargs):
        """The change log of this account; her phone masked unless the reader manages her."""
        instance = self.get_object()
        rows = history_rows(instance)
        if not request.user.sees_phone_of(instance):
            for row in rows:
                for change in row["changes"]:
                    if change["field"] == "phone":
                        change["old"], change["new"] = mask_phone(change["old"]), mask_phone(change["new"])
        return Response(HistoryRecordSerializer(rows, many=True).data)


class MessageViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Her own inbox, newest first, paged (``?unread=1``: only the unread ones); another person's message is
    missing (404). ``POST …/{id}/read/`` marks one read, ``POST …/read-all/`` all of hers; any signed-in
    account may, a read-only one too (reading is not editing data)."""

    serializer_class = MessageSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = []
    queryset = inbox.Message.objects.none()

    def get_queryset(self):
        queryset = inbox.inbox_of(self.request.user)
        if self.action == "list" and self.request.query_params.get("unread") in ("1", "true"):
            queryset = queryset.filter(read_at__isnull=True)
        return queryset

    @extend_schema(request=None, responses=MessageSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        message = self.get_object()
        inbox.mark_read(message)
        return Response(MessageSerializer(message).data)

    @extend_schema(request=None, responses=ReadAllSerializer)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        marked = inbox.mark_all_read(request.user)
        return Response({"marked": marked, "unread": inbox.inbox_of(request.user).filter(read_at__isnull=True).count()})
