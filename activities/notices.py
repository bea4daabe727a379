"""Manual reminders and notices from the district and street offices.

- A reminder's subject (what it is about) is picked with autocomplete, a federation or a person, never typed as
  an internal key: ``subject_key`` ("federation:12", "person:34") is derived from the pick.
- A notice (通知) goes to every chair under a federation: one reminder of kind NOTICE per federation with an
  active chair account in the sender's edit subtree, shown on the chair's home page like the monthly reminders
  and handed to the configured senders (``settings.REMINDER_BACKENDS``, activities/notify.py); each of those
  chairs also gets it in her inbox (accounts/inbox.py)."""

import uuid

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from accounts.models import Role, User
from cadres.models import Person, Post
from core import dates
from core.scope import subtree_q
from organizations.models import Federation

from . import notify
from .choices import ReminderKind
from .models import Reminder

NOTICE_MAX = 200


class Autocomplete(AutocompleteSelect):
    """The admin's autocomplete widget, redisplaying a refused form whose value was no id at all (``abc``)
    instead of failing on it (Django's looks the raw value up as a primary key)."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if str(v).isdigit()], attr)


def autocomplete(field, model, name, admin_site):
    """Give a form field the admin's autocomplete widget, searching what ``model.name`` points to through that
    model's admin (scoped: it lists only what the user may see). Set before the queryset, which fills it."""
    field.widget = Autocomplete(model._meta.get_field(name), admin_site)
    field.widget.is_required = field.required


def subject_of(reminder):
    """(federation, person) named by a stored ``subject_key``; None for what it does not name."""
    kind, _sep, pk = (reminder.subject_key or "").partition(":")
    if not pk.isdigit():
        return None, None
    if kind == "federation":
        return Federation.objects.filter(pk=pk).first(), None
    if kind == "person":
        return None, Person.objects.filter(pk=pk).first()
    return None, None


class ReminderForm(forms.ModelForm):
    """The admin's reminder form: the subject is a federation or a person picked by autocomplete (scoped by the
    related admins, which list only what the user may see); the key is derived from it."""

    subject_federation = forms.ModelChoiceField(
        Federation.objects.none(), required=False, label=_("提醒对象（组织）"), help_text=_("输入名称查找")
    )
    subject_person = forms.ModelChoiceField(
        Person.objects.none(), required=False, label=_("提醒对象（人员）"), help_text=_("输入姓名查找；与组织二选一")
    )

    class Meta:
        model = Reminder
        fields = ["recipient_federation", "recipient_user", "kind", "month", "text"]

    request = None
    admin_site = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.request.user
        autocomplete(self.fields["subject_federation"], Reminder, "recipient_federation", self.admin_site)
        autocomplete(self.fields["subject_person"], Post, "person", self.admin_site)
        self.fields["subject_federation"].queryset = Federation.objects.visible_to(user)
        self.fields["subject_person"].queryset = Person.objects.visible_to(user)
        if self.instance.pk:
            federation, person = subject_of(self.instance)
            self.initial.setdefault("subject_federation", federation.pk if federation else None)
            self.initial.setdefault("subject_person", person.pk if person else None)

    def clean(self):
        cleaned = super().clean()
        federation, person = cleaned.get("subject_federation"), cleaned.get("subject_person")
        if federation and person:
            raise forms.ValidationError({"subject_person": _("提醒对象只能选一个：组织或人员。")})
        if person:
            self.instance.subject_key = f"person:{person.pk}"
        elif federation or cleaned.get("recipient_federation"):
            self.instance.subject_key = f"federation:{(federation or cleaned['recipient_federation']).pk}"
        return cleaned

    def validate_unique(self):
        # subject_key is not a form field: the instance carries it, so check the constraint with it included
        try:
            self.instance.validate_constraints()
        except forms.ValidationError as error:
            self._update_errors(error)


class NoticeForm(forms.Form):
    federation = forms.ModelChoiceField(
        Federation.objects.none(),
        label=_("发给哪个组织下的主席"),
        error_messages={"required": _("请选择发给哪个组织。")},
        help_text=_("该组织及其下级所有社区（村）等妇联的主席都会收到；输入名称查找"),
    )
    text = forms.CharField(
        label=_("通知内容"),
        max_length=NOTICE_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": NOTICE_MAX}),
        help_text=_("不超过 %(n)d 字，显示在主席的首页") % {"n": NOTICE_MAX},
        error_messages={"required": _("请填写通知内容。")},
    )

    def __init__(self, *args, request, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = request.user
        field = self.fields["federation"]
        autocomplete(field, Reminder, "recipient_federation", admin_site)
        field.queryset = Federation.objects.editable_by(self.user).filter(archived_at__isnull=True)
        field.error_messages["invalid_choice"] = _("请选择您负责范围内的组织。")

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("请填写通知内容。"))
        return text

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("federation") is not None:
            self.targets = chair_federations(cleaned["federation"], self.user)
            if not self.targets:
                self.add_error("federation", _("该组织及其下级没有主席账号，无人可收到通知。"))
        return cleaned


def chair_federations(root, user):
    """The federations in ``root``'s subtree, within the user's edit subtree, with an active chair account."""
    chairs = User.objects.filter(role=Role.COMMUNITY_CHAIR, is_active=True).values("federation_id")
    return list(
        Federation.objects.editable_by(user)
        .filter(subtree_q("", root), archived_at__isnull=True, pk__in=chairs)
        .order_by("tree_id", "lft")
    )


def send_notice(targets, text, sender, configured=None):
    """One NOTICE reminder per federation in ``targets`` (one shared key: the notice), with a history row each,
    then handed to the configured senders. Returns the reminders made."""
    key = f"notice:{uuid.uuid4().hex[:16]}"
    month = dates.this_month()
    rows = [
        Reminder(recipient_federation=federation, kind=ReminderKind.NOTICE, month=month, subject_key=key, text=text)
        for federation in targets
    ]
    with transaction.atomic():
        created = bulk_create_with_history(rows, Reminder, batch_size=500, default_user=sender)
        notify.to_inbox(created, sender=sender)
    configured = notify.backends() if configured is None else configured
    if configured:
        for reminder in created:
            notify.notify(reminder, configured)
    return created
