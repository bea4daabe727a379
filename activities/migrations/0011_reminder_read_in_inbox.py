"""A reminder's read state moves to the inbox: each person's message is the one place it is kept, so the home
page and the inbox agree. Before the column goes, what it said is carried over: a reminder marked read marks
its messages read (it was read for the whole federation then), and a reminder that never reached an inbox (one
stored before the inbox, or added in the admin) is posted there, read or unread as it was. Constants are
copied, not imported, so this migration never changes with the app."""

from django.db import migrations

NOTICE = "NOTICE"
NO_ACTIVITY = "NO_ACTIVITY"
CHAIR = "community_chair"
TITLES = {"NO_ACTIVITY": "上月未登记活动", "NO_ROTATION_CHECK": "上月未报“四个一”轮值考核", "NOTICE": "通知"}
NEW_ACTIVITY = "/activities/new/"


def carry_read_state(apps, schema_editor):
    Reminder = apps.get_model("activities", "Reminder")
    Message = apps.get_model("accounts", "Message")
    User = apps.get_model("accounts", "User")
    accounts = {}
    for pk, federation_id, role in User.objects.filter(is_active=True, federation__isnull=False).values_list(
        "pk", "federation_id", "role"
    ):
        accounts.setdefault(federation_id, []).append((pk, role))
    posted = {
        (recipient, body): (pk, read_at)
        for pk, recipient, body, read_at in Message.objects.filter(kind__in=["reminder", "notice"]).values_list(
            "pk", "recipient_id", "body", "read_at"
        )
    }
    to_read = {}
    missing, sent_at = [], []
    for reminder in Reminder.objects.order_by("pk").iterator():
        notice = reminder.kind == NOTICE
        if reminder.recipient_user_id is not None:
            recipients = [reminder.recipient_user_id]
        else:
            recipients = [
                pk for pk, role in accounts.get(reminder.recipient_federation_id, []) if not notice or role == CHAIR
            ]
        for recipient in recipients:
            found = posted.get((recipient, reminder.text))
            if found is None:
                sent_at.append(reminder.created_at)
                missing.append(
                    Message(
                        recipient_id=recipient,
                        kind="notice" if notice else "reminder",
                        title=TITLES.get(reminder.kind, reminder.kind),
                        body=reminder.text,
                        link=NEW_ACTIVITY if reminder.kind == NO_ACTIVITY else "",
                        read_at=reminder.read_at,
                    )
                )
                posted[(recipient, reminder.text)] = (None, reminder.read_at)
            elif reminder.read_at is not None and found[1] is None and found[0] is not None:
                to_read.setdefault(reminder.read_at, []).append(found[0])
    Message.objects.bulk_create(missing, batch_size=1000)
    # posted now, but dated when the reminder was made (the inbox lists newest first)
    by_date = {}
    for message, created_at in zip(missing, sent_at, strict=True):
        by_date.setdefault(created_at, []).append(message.pk)
    for created_at, ids in by_date.items():
        Message.objects.filter(pk__in=ids).update(created_at=created_at)
    for read_at, ids in to_read.items():
        Message.objects.filter(pk__in=ids).update(read_at=read_at)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_inbox_messages"),
        ("activities", "0010_natural_name_order"),
    ]

    operations = [
        migrations.RunPython(carry_read_state, migrations.RunPython.noop),
        migrations.RemoveField(model_name="historicalreminder", name="read_at"),
        migrations.RemoveField(model_name="reminder", name="read_at"),
    ]
