"""The last guard on joint-building cluster members: whatever path adds them (admin, API, shell), a member
outside the core's street or district is refused before it is stored."""

from django.core.exceptions import ValidationError
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from .models import Federation, JointBuildingCluster


@receiver(m2m_changed, sender=JointBuildingCluster.members.through)
def check_cluster_members(sender, instance, action, pk_set, reverse, **kwargs):
    if action != "pre_add" or not pk_set:
        return
    if reverse:
        clusters = JointBuildingCluster.objects.filter(pk__in=pk_set).select_related("core__parent")
        for cluster in clusters:
            errors = JointBuildingCluster.member_errors(cluster.core, [instance])
            if errors:
                raise ValidationError({"members": errors})
        return
    core = Federation.objects.select_related("parent").get(pk=instance.core_id)
    errors = JointBuildingCluster.member_errors(core, Federation.objects.filter(pk__in=pk_set))
    if errors:
        raise ValidationError({"members": errors})
