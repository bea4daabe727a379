"""The mobile web form a community chair uses to log and correct an activity.

Every choice is narrowed to her scope the same way the API narrows it: the federation she logs for
from ``editable_by``, venues, radiated communities and co-organisers from ``visible_to``; a list that grows
with the city is searched rather than rendered whole (venues, co-organisers, ``core.pickers``). A bad value is
a Chinese error on the field, nothing is saved, and what she typed is shown again."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.pickers import SearchCheckboxes, SearchSelect
from venues.models import Venue

from . import holding, organizers
from .choices import CoOrganizerRole
from .models import Activity, ActivityKind, ActivityPhoto
from .models.activity import MAX_PHOTOS, TARGET_FIELDS
from .photos import check_photo, check_photo_count, check_photos, save_photos
from .services import CO_ORGANIZER_OUT_OF_SCOPE, CoOrganizerRow, check_links, save_activity

DATETIME_INPUT = "%Y-%m-%dT%H:%M"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Up to nine photos in one file input; each one checked as an image (see photos.check_photos)."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp", "multiple": True})

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        checked, errors = check_photos(files)  # the count first, then each file from its header
        if errors:
            raise ValidationError(errors)
        return checked


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_INPUT, **kwargs)


class ActivityForm(forms.ModelForm):
    photos = MultiplePhotoField(label=_("活动照片"), required=False, help_text=_("最多 9 张，JPEG/PNG/WebP"))
    remove_photos = forms.ModelMultipleChoiceField(
        label=_("删除照片"), queryset=ActivityPhoto.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Activity
        fields = [
            "federation",
            "kind",
            "title",
            "start",
            "end",
            "venue",
            "participants",
            "women_participants",
            "description",
            "radiated_to",
        ]
        widgets = {
            "start": LocalDateTimeInput(),
            "end": LocalDateTimeInput(),
            "venue": forms.HiddenInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            # the city office logs for any of 23,000 federations: long lists are searched (core.pickers)
            "federation": SearchSelect(search_type="federation"),
            "radiated_to": SearchCheckboxes(search_type="community"),
            "participants": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "women_participants": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        fields = self.fields
        fields["federation"].queryset = organizers.owner_choices(user)
        fields["federation"].error_messages["invalid_choice"] = _(
            "您只能以本社区（村）妇联或您管辖范围内的妇联名义登记活动。"
        )
        fields["federation"].empty_label = None
        if not self.instance.pk and user.federation_id:
            fields["federation"].initial = user.federation_id
        fields["kind"].queryset = ActivityKind.objects.filter(is_active=True)
        fields["kind"].empty_label = _("请选择活动类型")
        for name in ("start", "end"):
            fields[name].input_formats = [DATETIME_INPUT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        fields["venue"].queryset = Venue.objects.visible_to(user)
        fields["venue"].error_messages["invalid_choice"] = _("所选阵地不在您的管辖范围内。")
        fields["radiated_to"].queryset = organizers.radiated_choices(user)
        fields["radiated_to"].error_messages["invalid_choice"] = _("辐射社区“%(value)s”不在您的管辖范围内。")
        if self.instance.pk:
            fields["remove_photos"].queryset = self.instance.photos.all()
        self.organizer_rows = self._submitted_organizers() if self.is_bound else self._stored_organizers()
        # Photos held from an earlier failed submit (activities.holding): hers, unexpired, still present.
        self.held_photos = holding.resolve(user, self.data.getlist("held_photo")) if self.is_bound else []

    @property
    def venue_label(self):
        if self.is_bound:
            venue = getattr(self, "cleaned_data", {}).get("venue")
            return str(venue) if venue else ""
        return str(self.instance.venue) if self.instance.venue_id else ""

    # --- co-organisers: rows of (token, role) kept as typed, resolved within her scope -----------------

    def _stored_organizers(self):
        if not self.instance.pk:
            return []
        rows = []
        for co in self.instance.co_organizers.select_related(*TARGET_FIELDS):
            rows.append({**organizers.describe(co.kind, co.target), "role": co.role})
        return rows

    def _submitted_organizers(self):
        tokens = self.data.getlist("co_token")
        roles = self.data.getlist("co_role")
        rows = []
        for index, token in enumerate(tokens):
            role = roles[index] if index < len(roles) else CoOrganizerRole.CO_HOST
            rows.append({"token": token, "role": role, "label": token, "hint": ""})
        return rows

    def clean(self):
        cleaned = super().clean()
        errors, resolved = [], {}
        try:
            tokens = [row["token"] for row in self.organizer_rows]
            for token in tokens:
                organizers.parse_token(token)
            resolved = organizers.resolve(self.user, tokens)
        except organizers.OrganizerError as exc:
            errors.append(str(exc))
        self.co_organizer_rows = []
        for row in self.organizer_rows:
            obj = resolved.get(row["token"])
            if obj is None:
                row["label"] = _("（不在您的管辖范围内）")
                if not errors:
                    errors.append(CO_ORGANIZER_OUT_OF_SCOPE)
                continue
            row.update(organizers.describe(row["token"].split(":")[0], obj))
            row["object"] = obj
            self.co_organizer_rows.append(CoOrganizerRow(target=obj, role=row["role"]))
        if errors:
            self.add_error(None, errors)
        else:  # the rules every channel shares, with the same messages (services.check_links)
            try:
                check_links(self.user, self.instance, cleaned.get("radiated_to"), self.co_organizer_rows)
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    self.add_error(name if name in self.fields else None, messages)
        held, held_errors = check_photos([row["upload"] for row in self.held_photos]) if self.held_photos else ([], [])
        if held_errors:
            self.add_error("photos", held_errors)
        photos = [*held, *(cleaned.get("photos") or [])]
        cleaned["photos"] = photos
        removing = cleaned.get("remove_photos") or []
        existing = self.instance.photos.count() if self.instance.pk else 0
        try:
            check_photo_count(existing - len(removing), len(photos))
        except ValidationError as exc:
            self.add_error("photos", exc)
        return cleaned

    def hold_photos(self):
        """After a failed submit: keep every photo that passed the image gate for the next submit (tokens
        rendered as hidden inputs), so she need not pick them again."""
        kept = [row for row in self.held_photos]
        new_uploads = [f for f in self.files.getlist("photos") if f] if self.files else []
        if new_uploads and len(kept) + len(new_uploads) <= MAX_PHOTOS:
            for upload in new_uploads:
                try:
                    kept.append(holding.hold(self.user, check_photo(upload)))
                except ValidationError:
                    continue  # named in the field's errors already
        self.held_photos = kept
        return kept

    def save(self, commit=True):
        self.stored_photos = []
        try:
            with transaction.atomic():
                activity = self._save()
        except Exception:
            # Files are not transactional: when the rows are rolled back, the new files go too.
            for photo in self.stored_photos:
                photo.delete_files()
            raise
        holding.release(self.user, [row["token"] for row in self.held_photos])
        return activity

    def _save(self):
        activity = super().save(commit=False)
        if activity.pk is None and getattr(self, "client_key", None):
            activity.client_key = self.client_key  # activities.idempotency: a replay finds this row
        radiated = self.cleaned_data.get("radiated_to") or []
        save_activity(
            self.user,
            activity,
            radiated_to=radiated,
            co_organizers=self.co_organizer_rows,
            draft=getattr(self, "draft", False),
        )
        for photo in self.cleaned_data.get("remove_photos") or []:
            photo.delete()
            transaction.on_commit(photo.delete_files)
        last = activity.photos.order_by("-order").values_list("order", flat=True).first()
        self.stored_photos = save_photos(activity, self.cleaned_data.get("photos") or [], (last or 0) + 1)
        return activity
